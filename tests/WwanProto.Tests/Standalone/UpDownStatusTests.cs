using System.Diagnostics;
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
    private readonly string _dir = Directory.CreateTempSubdirectory("standalone-up-").FullName;
    private readonly TestNetns _ns = new(veth: false);
    private SimulatedModem _sim = null!;
    private static string Exe => Path.Combine(AppContext.BaseDirectory, "huaweiwwan");
    private string StateDir => Path.Combine(_dir, "state");

    public async Task InitializeAsync() =>
        _sim = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e3372h-153", NetDev = "wwan0", CreateVeth = true, HostNetNs = _ns.Name,
            Card = new SimCardOptions { State = "pin", Pin = "1234", PinAttempts = 3 },
        });

    public async Task DisposeAsync()
    {
        await _sim.DisposeAsync();
        _ns.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Config(string extra = "")
    {
        var path = Path.Combine(_dir, "network");
        File.WriteAllText(path, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{_sim.UsbPath}'\n\toption apn 'internet'\n\toption pincode '1234'\n{extra}");
        return path;
    }

    private ProcessStartInfo Start(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["netns", "exec", _ns.Name, Exe, .. args]) start.ArgumentList.Add(a);
        start.Environment["HUAWEIWWAN_SYSFS"] = _sim.Paths.SysRoot;
        start.Environment["HUAWEIWWAN_DEVROOT"] = _sim.Paths.DevRoot;
        start.Environment["HUAWEIWWAN_LOCKDIR"] = _sim.Paths.LockDir;
        start.Environment["HUAWEIWWAN_STATEDIR"] = StateDir;
        return start;
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(TimeSpan bound, params string[] args)
    {
        using var p = Process.Start(Start(args))!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(bound);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException($"huaweiwwan {string.Join(' ', args)} did not finish in {bound}"); }
        return (p.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Up_configures_the_interface_status_reports_it_down_removes_it()
    {
        var resolv = Path.Combine(_dir, "resolv", "huaweiwwan-wan");
        using var up = Process.Start(Start("up", "--config", Config("\toption metric '7'\n"), "--resolv", resolv))!;
        var upLog = new StringBuilder();
        up.ErrorDataReceived += (_, e) => { lock (upLog) upLog.AppendLine(e.Data); };
        up.BeginErrorReadLine();
        try
        {
            var statusPath = StatusFile.PathFor(new(_sim.Paths.SysRoot, _sim.Paths.DevRoot, StateDir, _sim.Paths.LockDir), "wan");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (StatusFile.Read(statusPath) is not { Modem.State: "connected", Ipv4: not null })
            {
                if (up.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"up did not connect (exited: {up.HasExited}):\n{upLog}");
                await Task.Delay(50);
            }

            var client = _sim.Addresses.Client.ToString();
            var gateway = _sim.Addresses.Gateway.ToString();
            Assert.Contains($"inet {client}/{_sim.Addresses.PrefixLength}", _ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            var routes = _ns.Ip("-4", "route", "show");
            Assert.Contains($"default via {gateway} dev wwan0", routes);
            Assert.Contains("metric 7", routes);
            Assert.Contains($"nameserver {gateway}", File.ReadAllText(resolv));

            var (code, json, _) = await RunAsync(TimeSpan.FromSeconds(20), "status", "--json");
            Assert.Equal(0, code);
            var status = StatusFile.Parse(Encoding.UTF8.GetBytes(json));
            Assert.Equal("wan", status.Iface);
            Assert.Equal(up.Id, status.Pid); // ip netns exec execs the binary in place
            Assert.Equal("connected", status.Modem.State);
            Assert.Equal(_sim.Imei, status.Modem.Imei);
            Assert.Equal("ready", status.Modem.SimState);
            Assert.NotNull(status.Modem.Operator);
            Assert.NotNull(status.Modem.Rat);
            Assert.NotNull(status.Modem.SignalDbm);
            Assert.Equal("wwan0", status.Ifname);
            Assert.Equal(client, status.Ipv4!.Address);
            Assert.Equal(gateway, status.Ipv4.Gateway);
            Assert.NotNull(status.Modem.ConnectedSince);
            Assert.Contains("\"uptime\":", json);
            Assert.DoesNotContain("1234", json);

            var (humanCode, human, _) = await RunAsync(TimeSpan.FromSeconds(20), "status");
            Assert.Equal(0, humanCode);
            Assert.Contains("wan: connected", human);
            Assert.Contains(client, human);

            var (downCode, _, downErr) = await RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(downCode == 0, downErr);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await up.WaitForExitAsync(bound.Token);
            Assert.Equal(0, up.ExitCode);
            Assert.DoesNotContain(client, _ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            Assert.DoesNotContain("default", _ns.Ip("-4", "route", "show"));
            Assert.False(File.Exists(resolv));
            Assert.False(File.Exists(statusPath));
            var log = upLog.ToString();
            Assert.DoesNotContain("1234", log.Replace(_sim.Imei, ""));
            Assert.Contains(_sim.CommandLog, c => c.StartsWith("AT^NDISDUP=1,0", StringComparison.Ordinal));

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
        Assert.Empty(_sim.CommandLog);
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
