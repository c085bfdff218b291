using System.Text;
using WwanProto.Core.Standalone;
using WwanProto.ModemSim;
using WwanProto.ModemSim.Engine;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// `huaweiwwan up` on the E392 in QMI mode (field report 4's Raspberry Pi): static addressing from WDS current
/// settings on wwan0 (the simulator's veth), status from QMI, a call left up from before, a drop, `down`.
/// </summary>
public sealed class UpQmiTests : IAsyncLifetime
{
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await StandaloneRig.StartAsync("standalone-qmi-", profile: "e392", staleCall: true);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private SimulatedModem Sim => _rig.Sim;

    [Fact]
    public async Task Up_over_qmi_takes_over_a_stale_call_survives_a_drop_and_down_ends_the_call()
    {
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{Sim.UsbPath}'\n\toption apn 'internet'\n\toption linktype 'qmi'\n");
        var upLog = new StringBuilder();
        using var up = _rig.StartUp(upLog, "--config", config, "--resolv", Path.Combine(_rig.Dir, "resolv"));
        try
        {
            await _rig.WaitConnectedAsync(up, upLog);
            var client = Sim.Addresses.Client.ToString();
            Assert.Contains($"inet {client}/{Sim.Addresses.PrefixLength}", _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            Assert.Contains($"default via {Sim.Addresses.Gateway} dev wwan0", _rig.Ns.Ip("-4", "route", "show"));
            Assert.Contains("NoEffect", upLog.ToString());

            var (code, json, _) = await _rig.RunAsync(TimeSpan.FromSeconds(20), "status", "--json");
            Assert.Equal(0, code);
            var status = StatusFile.Parse(Encoding.UTF8.GetBytes(json));
            Assert.Equal("connected", status.Modem.State);
            Assert.Equal(Sim.Imei, status.Modem.Imei);
            Assert.Equal("WwanSim", status.Modem.Operator);
            Assert.Equal("LTE", status.Modem.Rat);
            Assert.NotNull(status.Modem.SignalDbm);
            Assert.Equal("qmi", status.Modem.LinkType);

            var starts = Sim.QmiLog.Count(l => l.StartsWith("WDS Start Network", StringComparison.Ordinal));
            Sim.DropNetwork(38);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!(Sim.QmiLog.Count(l => l.StartsWith("WDS Start Network", StringComparison.Ordinal)) > starts && Sim.NdisState == NdisState.Connected
                     && _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0").Contains(client, StringComparison.Ordinal)))
            {
                Assert.False(up.HasExited, upLog.ToString());
                Assert.True(DateTime.UtcNow < deadline, upLog.ToString());
                await Task.Delay(100);
            }

            var (downCode, _, downErr) = await _rig.RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(downCode == 0, downErr);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await up.WaitForExitAsync(bound.Token);
            Assert.Equal(0, up.ExitCode);
            Assert.Equal(NdisState.Idle, Sim.NdisState);
            Assert.Empty(Sim.QmiClients);
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Up_over_qmi_dual_stack_configures_the_ipv6_address_and_route_and_down_ends_both_calls()
    {
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{Sim.UsbPath}'\n\toption apn 'internet'\n\toption linktype 'qmi'\n\toption pdptype 'IPV4V6'\n");
        var upLog = new StringBuilder();
        using var up = _rig.StartUp(upLog, "--config", config, "--resolv", Path.Combine(_rig.Dir, "resolv"));
        try
        {
            await _rig.WaitConnectedAsync(up, upLog);
            Assert.Contains($"inet {Sim.Addresses.Client}/{Sim.Addresses.PrefixLength}", _rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            Assert.Contains($"inet6 {Sim.Addresses.Ipv6Client}/64", _rig.Ns.Ip("-6", "addr", "show", "dev", "wwan0"));
            Assert.Contains($"default via {Sim.Addresses.Ipv6Dns} dev wwan0", _rig.Ns.Ip("-6", "route", "show"));
            Assert.NotEqual(0u, Sim.QmiHandle6);

            var (downCode, _, downErr) = await _rig.RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(downCode == 0, downErr);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10))) await up.WaitForExitAsync(bound.Token);
            Assert.Equal(0, up.ExitCode);
            Assert.Equal(NdisState.Idle, Sim.NdisState);
            Assert.Equal(0u, Sim.QmiHandle6);
            Assert.Empty(Sim.QmiClients);
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
        }
    }
}
