using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>Every way field-reports.md's modems fail ends in a link or its specific error, bounded.</summary>
public class SessionFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static int PinSends(SimulatedModem sim) => sim.CommandLog.Count(c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));

    [Fact]
    public async Task SimBusyAfterBootIsWaitedOut()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = new SimCardOptions { BusyFor = TimeSpan.FromSeconds(2) } });
        await run.Reporter.WaitUpAsync(1, Bound);
        Assert.Contains(run.Sim.CommandLog, c => c == "AT+CPIN?");
    }

    [Fact]
    public async Task RightPinUnlocksOnce()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = new SimCardOptions { State = "pin", Pin = "2468" } },
            new InterfaceOptions { Apn = "internet", PinCode = "2468" });
        await run.Reporter.WaitUpAsync(1, Bound);
        Assert.Equal(1, PinSends(run.Sim));
        Assert.DoesNotContain(run.Log, l => l.Contains("2468", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongPinIsSentOnceAndNeverAgainForTheSameConfig()
    {
        var options = new InterfaceOptions { Apn = "internet", PinCode = "1111" };
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = new SimCardOptions { State = "pin", Pin = "2468" } }, options);
        var first = await run.EndAsync(Bound);
        Assert.Equal(ErrorCodes.PinFailed, first?.Code);
        Assert.True(first!.Fatal);
        Assert.DoesNotContain("1111", first.Message);
        Assert.Equal(1, PinSends(run.Sim));

        // netifd (or a person) starts it again with the same config: the remembered rejection stops it.
        await using var again = SessionRun.Again(run.Sim, options);
        var second = await again.EndAsync(Bound);
        Assert.Equal(ErrorCodes.PinRejectedBefore, second?.Code);
        Assert.Equal(1, PinSends(run.Sim));

        // A changed PIN is tried.
        await using var changed = SessionRun.Again(run.Sim, options with { PinCode = "2468" });
        await changed.Reporter.WaitUpAsync(1, Bound);
        Assert.Equal(2, PinSends(run.Sim));
    }

    [Fact]
    public async Task OneAttemptLeftRefusesWithoutSending()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = new SimCardOptions { State = "pin", PinAttempts = 1 } },
            new InterfaceOptions { Apn = "internet", PinCode = "1234" });
        var error = await run.EndAsync(Bound);
        Assert.Equal(ErrorCodes.PinTriesBelowLimit, error?.Code);
        Assert.Equal(0, PinSends(run.Sim));
    }

    [Theory]
    [InlineData("puk", "1234", ErrorCodes.PukNeeded)]
    [InlineData("absent", "1234", ErrorCodes.SimNotInserted)]
    [InlineData("pin", null, ErrorCodes.PinNotSpecified)]
    public async Task SimProblemsAreFatalAndSendNoPin(string state, string? pin, string code)
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Card = new SimCardOptions { State = state } },
            new InterfaceOptions { Apn = "internet", PinCode = pin });
        var error = await run.EndAsync(Bound);
        Assert.Equal(code, error?.Code);
        Assert.True(error!.Fatal);
        Assert.Equal(0, PinSends(run.Sim));
        Assert.Contains(run.Reporter.Errors, e => e.Code == code);
    }

    [Fact]
    public async Task RegistrationDeniedIsReported()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Registration = "denied" });
        var error = await run.Reporter.WaitErrorAsync(ErrorCodes.RegistrationDenied, Bound);
        Assert.Contains("+C", error.Message); // names what the modem said
        Assert.Null(await run.StopAsync());
    }

    [Fact]
    public async Task RoamingRefusedWhenNotAllowed()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Registration = "roaming" },
            new InterfaceOptions { Apn = "internet", AllowRoaming = false });
        await run.Reporter.WaitErrorAsync(ErrorCodes.RoamingNotAllowed, Bound);
    }

    [Fact]
    public async Task RegistrationTimeoutIsBounded()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Registration = "searching" },
            new InterfaceOptions { Apn = "internet", Timeout = 5 });
        await run.Reporter.WaitErrorAsync(ErrorCodes.NetworkRegistrationFailed, Bound);
    }

    [Theory]
    [InlineData(27, "missing or unknown APN", true)]
    [InlineData(29, "user authentication failed", true)]
    [InlineData(33, "requested service option not subscribed", true)]
    [InlineData(26, "insufficient resources", false)]
    public async Task NdisRejectNamesTheCause(int cause, string text, bool fatal)
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { NdisRejectCause = cause });
        var error = await run.Reporter.WaitErrorAsync(ErrorCodes.CallFailed, Bound);
        Assert.Contains(text, error.Message);
        Assert.Equal(fatal, error.Fatal);
        if (fatal) Assert.Equal(ErrorCodes.CallFailed, (await run.EndAsync(Bound))?.Code);
    }

    [Fact]
    public async Task NetworkDropReconnectsInPlace()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions());
        await run.Reporter.WaitUpAsync(1, Bound);
        run.Sim.DropNetwork(38);
        await run.Reporter.WaitUpAsync(2, Bound);
        Assert.Contains("network failure", Assert.Single(run.Reporter.Downs));
        Assert.Equal(1, run.Reporter.LastStatus!.Reconnects);
    }

    [Fact]
    public async Task PortVanishingAndReturningRenumberedReconnects()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions());
        var first = await run.Reporter.WaitUpAsync(1, Bound);
        var controlBefore = run.Reporter.LastStatus!.ControlPort;
        await run.Sim.ResetAsync(TimeSpan.FromMilliseconds(800), comeBackAsStorage: false, renumber: true);
        var second = await run.Reporter.WaitUpAsync(2, Bound);
        Assert.Equal(first.Ipv4!.Address, second.Ipv4!.Address);
        Assert.Equal(1, run.Reporter.LastStatus!.ModemResets);
        Assert.NotEqual(controlBefore, run.Reporter.LastStatus.ControlPort);
    }

    [Fact]
    public async Task ModemReturningInStorageModeIsSwitchedAndReconnects()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions());
        await run.Reporter.WaitUpAsync(1, Bound);
        await run.Sim.ResetAsync(TimeSpan.FromMilliseconds(500), comeBackAsStorage: true, renumber: true);
        await run.Reporter.WaitUpAsync(2, Bound);
        Assert.Equal(1, run.Reporter.LastStatus!.ModemResets);
    }

    [Theory]
    [InlineData("apn", "inter\"net")]
    [InlineData("apn", "inter\rnet")]
    [InlineData("apn", "inter\nnet")]
    [InlineData("apn", "inter;net")]
    [InlineData("apn", "inter\0net")]
    [InlineData("password", "pa\"ss")]
    [InlineData("password", "pa;ss")]
    [InlineData("password", "pa\rss")]
    [InlineData("password", "pa\nss")]
    [InlineData("password", "pa\0ss")]
    public async Task InjectionIsRefusedBeforeAnyIo(string option, string value)
    {
        var options = option == "apn"
            ? new InterfaceOptions { Apn = value }
            : new InterfaceOptions { Apn = "internet", Auth = "pap", Username = "user", Password = value };
        await using var run = await SessionRun.StartAsync(new SimOptions(), options);
        var error = await run.EndAsync(Bound);
        Assert.Equal(ErrorCodes.ConfigInvalid, error?.Code);
        Assert.Contains(option, error!.Message);
        Assert.Empty(run.Sim.CommandLog);
        if (option == "password") Assert.DoesNotContain("pa", error.Message.Replace("password", ""));
    }
}
