using System.Collections.Concurrent;
using WwanProto.Core;
using WwanProto.Core.Config;
using WwanProto.Core.Control;
using WwanProto.Core.Links;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Session;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>
/// The session's steps and the session itself against a control plane that is not AT (<see cref="ScriptedControl"/>):
/// the same PIN guard, registration rules and watch, with no AT channel anywhere.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StepsOverControlPlaneTests : IDisposable
{
    private static readonly TimeSpan T = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ctlplane-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly ConcurrentQueue<string> _log = new();

    private static readonly SessionTuning Quick = SessionRun.Fast with
    {
        SupervisionInterval = TimeSpan.FromMilliseconds(200),
        RegistrationGrace = TimeSpan.FromMilliseconds(300),
    };

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private SimUnlockStep Sim(ScriptedControl control, string? pin) =>
        new(control, pin, new RejectedPinStore(_dir), Quick, _log.Enqueue) { SimKey = "iccid:8949000000000000001" };

    [Fact]
    public async Task PinIsSentOnceWhenTheCounterAllowsIt()
    {
        var control = new ScriptedControl { Sim = SimLock.PinRequired, PinAttemptsLeft = 3 };
        Assert.Equal(SimLock.Ready, await Sim(control, "1234").RunAsync(T, CancellationToken.None));
        Assert.Single(control.Calls, c => c == "enter-pin");
        Assert.DoesNotContain(_log, l => l.Contains("1234"));
    }

    [Fact]
    public async Task LowCounterKeepsThePinAndQuotesTheControlPlane()
    {
        var control = new ScriptedControl { Sim = SimLock.PinRequired, PinAttemptsLeft = 1 };
        var e = await Assert.ThrowsAsync<SessionException>(() => Sim(control, "1234").RunAsync(T, CancellationToken.None));
        Assert.Equal(ErrorCodes.PinTriesBelowLimit, e.Error.Code);
        Assert.Contains("(pin retries 1)", e.Error.Message);
        Assert.DoesNotContain("enter-pin", control.Calls);
    }

    [Fact]
    public async Task RejectedPinIsRememberedAndNeverSentAgain()
    {
        var control = new ScriptedControl { Sim = SimLock.PinRequired, PinAttemptsLeft = 3 };
        var first = await Assert.ThrowsAsync<SessionException>(() => Sim(control, "9999").RunAsync(T, CancellationToken.None));
        Assert.Equal(ErrorCodes.PinFailed, first.Error.Code);
        Assert.Contains("verify PIN: IncorrectPin", first.Error.Message);
        Assert.Contains("2 attempt(s) left", first.Error.Message);

        var again = new ScriptedControl { Sim = SimLock.PinRequired, PinAttemptsLeft = 2 };
        var second = await Assert.ThrowsAsync<SessionException>(() => Sim(again, "9999").RunAsync(T, CancellationToken.None));
        Assert.Equal(ErrorCodes.PinRejectedBefore, second.Error.Code);
        Assert.DoesNotContain("enter-pin", again.Calls);
    }

    [Fact]
    public async Task UnknownCounterGetsThePinOnceAndAnAcceptedPinIsNotRemembered()
    {
        var control = new ScriptedControl { Sim = SimLock.PinRequired, PinAttemptsLeft = null };
        Assert.Equal(SimLock.Ready, await Sim(control, "1234").RunAsync(T, CancellationToken.None));
        Assert.Single(control.Calls, c => c == "enter-pin");
        Assert.False(new RejectedPinStore(_dir).WasRejected("iccid:8949000000000000001", "1234"));
        Assert.Contains(_log, l => l.Contains("attempts left unknown (no retry counter); sending the configured PIN once"));
    }

    [Fact]
    public async Task UnknownCounterAndAKillWhileThePinIsOutNeverLeadsToASecondTry()
    {
        var killed = new ScriptedControl { Sim = SimLock.PinRequired, PinAttemptsLeft = null, KilledDuringPinEntry = true };
        await Assert.ThrowsAsync<OperationCanceledException>(() => Sim(killed, "1234").RunAsync(T, CancellationToken.None));
        var next = new ScriptedControl { Sim = SimLock.PinRequired, PinAttemptsLeft = null };
        var e = await Assert.ThrowsAsync<SessionException>(() => Sim(next, "1234").RunAsync(T, CancellationToken.None));
        Assert.Equal(ErrorCodes.PinRejectedBefore, e.Error.Code);
        Assert.DoesNotContain("enter-pin", next.Calls);
    }

    [Fact]
    public async Task UnknownCounterWithoutAWorkingMemoryIsPinTriesUnknown()
    {
        var file = Path.Combine(_dir, "a-file");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(file, "");
        var control = new ScriptedControl { Sim = SimLock.PinRequired, PinAttemptsLeft = null };
        var step = new SimUnlockStep(control, "1234", new RejectedPinStore(Path.Combine(file, "state")), Quick, _log.Enqueue) { SimKey = "iccid:1" };
        var e = await Assert.ThrowsAsync<SessionException>(() => step.RunAsync(T, CancellationToken.None));
        Assert.Equal(ErrorCodes.PinTriesUnknown, e.Error.Code);
        Assert.Contains("unknown", e.Error.Message);
        Assert.Contains("no retry counter", e.Error.Message);
        Assert.DoesNotContain("enter-pin", control.Calls);
    }

    [Fact]
    public async Task RegistrationStepWakesOnTheControlPlanesEvent()
    {
        var control = new ScriptedControl();
        control.Stats[(int)RegistrationDomain.Gprs] = 2;
        var step = new RegistrationStep(control, allowRoaming: false, manualPlmn: false, Quick with { PollInterval = TimeSpan.FromSeconds(30) }, _log.Enqueue);
        var run = step.RunAsync(T, CancellationToken.None);
        while (!control.Calls.Contains("registration Cs")) await Task.Delay(10).WaitAsync(T);
        control.Report(RegistrationDomain.Gprs, 1);
        Assert.False(await run.WaitAsync(T)); // home, woken by the event long before the 30 s poll
        Assert.Contains(_log, l => l.Contains("Gprs PS 1 registered (home)"));
    }

    [Fact]
    public async Task RegistrationStepRefusesRoamingWhenNotAllowed()
    {
        var control = new ScriptedControl();
        control.Stats[(int)RegistrationDomain.Gprs] = 5;
        var step = new RegistrationStep(control, allowRoaming: false, manualPlmn: false, Quick, _log.Enqueue);
        var e = await Assert.ThrowsAsync<SessionException>(() => step.RunAsync(T, CancellationToken.None));
        Assert.Equal(ErrorCodes.RoamingNotAllowed, e.Error.Code);
    }

    [Fact]
    public async Task WatchSeesALossThatOutlastsTheGrace()
    {
        var control = new ScriptedControl();
        await using var watch = RegistrationWatch.Start(control, allowRoaming: true, Quick, _log.Enqueue, CancellationToken.None);
        while (!control.Calls.Contains("registration Gprs")) await Task.Delay(10).WaitAsync(T);
        control.Report(RegistrationDomain.Gprs, 2);
        var reason = await watch.Lost.WaitAsync(T);
        Assert.StartsWith("registration lost: serving system Gprs 2 (searching) for ", reason);
    }

    [Fact]
    public async Task SessionRunsOverAControlPlaneWithoutSimOrRegistration()
    {
        // A tethering phone: no SIM, mode or registration steps; identity, link and status still work.
        var control = new ScriptedControl { Features = ControlFeatures.None, Sim = SimLock.PinRequired };
        var reporter = new RecordingReporter();
        var options = new InterfaceOptions { PinCode = "1234", Mode = "lte" };
        var links = new DataLinks { Ethernet = _ => new ReadyLink() };
        var session = new ModemSession(options, new SystemPaths("/sys", "/dev", _dir, _dir), reporter,
            new FixedConnector(new ModemConnection(control, null) { Family = ModemFamily.Tethering, NetDev = "usb0" }), links, Quick, _log.Enqueue);
        using var stop = new CancellationTokenSource();
        var run = session.RunAsync(stop.Token);
        await reporter.WaitForAsync(r => r.Ups.Count == 1, T, "link up");
        Assert.Equal("usb0", reporter.Ups[0].Ifname);
        Assert.Equal("Scripted", reporter.Ups[0].Status.Manufacturer);
        Assert.DoesNotContain(control.Calls, c => c is "sim" or "enter-pin" or "mode lte" || c.StartsWith("registration", StringComparison.Ordinal));
        Assert.Contains(_log, l => l.Contains("option pincode is not used"));
        await stop.CancelAsync();
        Assert.Null(await run.WaitAsync(T));
    }

    private sealed class FixedConnector(ModemConnection modem) : IModemConnector
    {
        public Task<ModemConnection> ConnectAsync(ModemFingerprint? previous, CancellationToken cancellationToken) => Task.FromResult(modem);
    }

    /// <summary>A link that is up at once and stays up (the data path is not what these tests are about).</summary>
    private sealed class ReadyLink : IDataLink
    {
        private readonly TaskCompletionSource<string> _lost = new();
        public string Kind => "ethernet";
        public Task<string> Lost => _lost.Task;
        public Task<DataLinkUp> ConnectAsync(CancellationToken cancellationToken) => Task.FromResult(new DataLinkUp("usb0", null, null, NeedsDhcp: true, NeedsDhcpv6: false));
        public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
