using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.Tests.Session;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): modem faults the simulator injects into a session, each ending in the link or one
/// specific error naming the cause, and none costing a SIM attempt (the SIM is PIN-locked, the PIN right).
/// </summary>
public sealed class ModemFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    private static InterfaceOptions WithPin(bool allowRoaming = true, string apn = "internet") =>
        new() { Apn = apn, PinCode = SimAttempts.Pin, AllowRoaming = allowRoaming };

    private static Task<SessionRun> StartAsync(SimOptions sim, InterfaceOptions? options = null) =>
        SessionRun.StartAsync(sim, options ?? WithPin());

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            if (bound.IsCancellationRequested) throw new TimeoutException($"waited {Bound.TotalSeconds} s for {what}");
            await Task.Delay(20, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Urc_storm_does_not_keep_the_link_from_coming_up()
    {
        // e3372h-320 prints ^HCSQ/^RSSI/^CERSSI noise; here every 2 ms, on every port, all through the connect.
        await using var run = await StartAsync(new SimOptions { Profile = "e3372h-320", Card = SimAttempts.Locked, NoisePeriod = TimeSpan.FromMilliseconds(2) });
        var up = await run.Reporter.WaitUpAsync(1, Bound);
        Assert.Equal(run.Sim.Addresses.Client.ToString(), up.Ipv4!.Address);
        SimAttempts.AssertNoneUsed(run.Sim);
    }

    [Fact]
    public async Task Echo_on_is_skipped_and_the_link_comes_up()
    {
        await using var run = await StartAsync(new SimOptions { Card = SimAttempts.Locked, EchoDefault = true, Faults = new SimFaults { SplitReads = true } });
        await run.Reporter.WaitUpAsync(1, Bound);
        SimAttempts.AssertNoneUsed(run.Sim);
    }

    [Fact]
    public async Task Roaming_when_allowed_connects()
    {
        await using var run = await StartAsync(new SimOptions { Card = SimAttempts.Locked, Registration = "roaming" }, WithPin(allowRoaming: true));
        await run.Reporter.WaitUpAsync(1, Bound);
        SimAttempts.AssertNoneUsed(run.Sim);
    }

    [Fact]
    public async Task Dead_sim_is_sim_failure_and_no_pin_is_sent()
    {
        await using var run = await StartAsync(new SimOptions { Card = new SimCardOptions { State = "dead" } });
        var error = await run.EndAsync(Bound);
        Assert.Equal(ErrorCodes.SimFailure, error?.Code);
        Assert.True(error!.Fatal);
        Assert.DoesNotContain(run.Sim.CommandLog, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
        SimAttempts.AssertNoneUsed(run.Sim);
    }

    [Fact]
    public async Task Apn_the_network_does_not_know_is_call_failed_naming_cause_27()
    {
        await using var run = await StartAsync(new SimOptions { Card = SimAttempts.Locked, ExpectedApn = "telekom.de" }, WithPin(apn: "internet"));
        var error = await run.Reporter.WaitErrorAsync(ErrorCodes.CallFailed, Bound);
        Assert.Contains("missing or unknown APN", error.Message);
        Assert.True(error.Fatal);
        SimAttempts.AssertNoneUsed(run.Sim);
    }

    [Fact]
    public async Task Silent_cdc_wdm_leaves_the_session_on_the_pcui_and_connects()
    {
        await using var run = await StartAsync(new SimOptions { Card = SimAttempts.Locked, CdcWdmSilent = true });
        await run.Reporter.WaitUpAsync(1, Bound);
        Assert.DoesNotContain("cdc-wdm", run.Reporter.LastStatus!.ControlPort);
        SimAttempts.AssertNoneUsed(run.Sim);
    }

    [Fact]
    public async Task Modem_going_mute_while_the_call_is_set_up_is_retried_to_a_link()
    {
        var sim = new SimOptions { Card = SimAttempts.Locked, NdisConnectDelay = TimeSpan.FromSeconds(1) };
        await using var run = await StartAsync(sim);
        await UntilAsync(() => run.Sim.CommandLog.Any(c => c.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal)), "the dial");
        run.Sim.Mute(TimeSpan.FromSeconds(4)); // longer than the 2 s command timeout
        await run.Reporter.WaitUpAsync(1, Bound);
        SimAttempts.AssertNoneUsed(run.Sim);
    }

    [Fact]
    public async Task Dhcp_error_after_the_call_is_up_is_no_ipaddr_naming_dhcp_then_the_link_comes_back()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = SimAttempts.Locked }, WithPin());
        run.Sim.DhcpError = true;
        var error = await run.Reporter.WaitErrorAsync(ErrorCodes.NoIpAddr, Bound);
        Assert.Contains("^DHCP?", error.Message);
        Assert.False(error.Fatal);
        run.Sim.DhcpError = false;
        await run.Reporter.WaitUpAsync(1, Bound);
        SimAttempts.AssertNoneUsed(run.Sim);
    }
}
