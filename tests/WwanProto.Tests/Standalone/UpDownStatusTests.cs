using System.Text;
using WwanProto.Core.Standalone;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up`, `status`, `down` as a person runs them, against the simulator: the executable in a network
/// namespace of the test's own, the modem's NCM link a veth pair into it.
/// </summary>
public sealed class UpDownStatusTests : IAsyncLifetime
{
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() =>
        _rig = await StandaloneRig.StartAsync("standalone-up-", new SimCardOptions { State = "pin", Pin = "1234", PinAttempts = 3 });

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private SimulatedModem Sim => _rig.Sim;

    private string Config(string extra = "")
    {
        var path = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(path, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{Sim.UsbPath}'\n\toption apn 'internet'\n\toption pincode '1234'\n{extra}");
        return path;
    }

    private Task<(int Code, string Out, string Err)> RunAsync(TimeSpan bound, params string[] args) => _rig.RunAsync(bound, args);

    [Fact]
    public async Task Up_configures_the_interface_status_reports_it_down_removes_it()
    {
        var resolv = Path.Combine(_rig.Dir, "resolv", "huaweiwwan-wan");
        var upLog = new StringBuilder();
        using var up = _rig.StartUp(upLog, "--config", Config("\toption metric '7'\n"), "--resolv", resolv);
        try
        {
            var statusPath = _rig.StatusPath;
            await _rig.WaitConnectedAsync(up, upLog);

            var client = Sim.Addresses.Client.ToString();
            var gateway = Sim.Addresses.Gateway.ToString();
            Assert.Contains($"inet {client}/{Sim.Addresses.PrefixLength}", _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            var routes = _rig.Ns.Ip("-4", "route", "show");
            Assert.Contains($"default via {gateway} dev wwan0", routes);
            Assert.Contains("metric 7", routes);
            Assert.Contains($"nameserver {gateway}", File.ReadAllText(resolv));

            var (code, json, _) = await RunAsync(TimeSpan.FromSeconds(20), "status", "--json");
            Assert.Equal(0, code);
            var status = StatusFile.Parse(Encoding.UTF8.GetBytes(json));
            Assert.Equal("wan", status.Iface);
            Assert.Equal(up.Id, status.Pid); // ip netns exec execs the binary in place
            Assert.Equal("connected", status.Modem.State);
            Assert.Equal(Sim.Imei, status.Modem.Imei);
            Assert.Equal("ready", status.Modem.SimState);
            Assert.NotNull(status.Modem.Operator);
            Assert.NotNull(status.Modem.Rat);
            Assert.NotNull(status.Modem.SignalDbm);
            Assert.Equal("wwan0", status.Ifname);
            Assert.Equal(client, status.Ipv4!.Address);
            Assert.Equal(gateway, status.Ipv4.Gateway);
            Assert.NotNull(status.Modem.ConnectedSince);
            Assert.Contains("\"uptime\":", json);
            // The PIN is nowhere; the pid may contain its digits (12342 did), so it is taken out first.
            Assert.DoesNotContain("1234", json.Replace($"\"pid\": {status.Pid}", "\"pid\": _", StringComparison.Ordinal));

            var (humanCode, human, _) = await RunAsync(TimeSpan.FromSeconds(20), "status");
            Assert.Equal(0, humanCode);
            Assert.Contains("wan: connected", human);
            Assert.Contains(client, human);

            var (downCode, _, downErr) = await RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(downCode == 0, downErr);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await up.WaitForExitAsync(bound.Token);
            Assert.Equal(0, up.ExitCode);
            Assert.DoesNotContain(client, _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            Assert.DoesNotContain("default", _rig.Ns.Ip("-4", "route", "show"));
            Assert.False(File.Exists(resolv));
            Assert.False(File.Exists(statusPath));
            var log = upLog.ToString();
            Assert.DoesNotContain("1234", log.Replace(Sim.Imei, ""));
            Assert.Contains(Sim.CommandLog, c => c.StartsWith("AT^NDISDUP=1,0", StringComparison.Ordinal));

            var (afterCode, _, _) = await RunAsync(TimeSpan.FromSeconds(20), "status");
            Assert.Equal(1, afterCode);
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData("apn", "inter\"net")]
    [InlineData("apn", "inter;net")]
    [InlineData("password", "se;cret")]
    public async Task Up_refuses_injection_before_touching_the_modem(string option, string value)
    {
        var extra = option == "password" ? $"\toption auth 'pap'\n\toption username 'u'\n\toption password '{value}'\n" : "";
        var path = Config(extra);
        if (option == "apn") File.WriteAllText(path, File.ReadAllText(path).Replace("'internet'", $"'{value}'"));
        var (code, _, err) = await RunAsync(TimeSpan.FromSeconds(20), "up", "--config", path);
        Assert.Equal(1, code);
        Assert.Contains($"option '{option}'", err);
        if (option == "password") Assert.DoesNotContain("se;cret", err);
        Assert.Empty(Sim.CommandLog);
    }

    [Fact]
    public async Task Usage_errors_exit_2_and_help_documents_exit_codes()
    {
        Assert.Equal(2, (await RunAsync(TimeSpan.FromSeconds(20), "up", "--bogus")).Code);
        var (code, help, _) = await RunAsync(TimeSpan.FromSeconds(20), "up", "--help");
        Assert.Equal(0, code);
        Assert.Contains("exit status", help);
        Assert.Contains("3  a transient failure", help);
        Assert.Equal(1, (await RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "nothere")).Code);
    }
}
