using WwanProto.Core.Control;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Session;

namespace WwanProto.Tests.Session;

/// <summary>
/// A control plane that is not AT, scripted in the test: proves the session's steps ask only the
/// <see cref="IModemControl"/> interface (a QMI or HiLink plane plugs in the same way). Records every call.
/// </summary>
internal sealed class ScriptedControl : IModemControl
{
    private readonly object _gate = new();
    private readonly List<string> _calls = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Kind => "scripted";
    public string Name => "scripted0";
    public ControlFeatures Features { get; init; } = ControlFeatures.All;
    public Task Closed => _closed.Task;
    public IReadOnlyList<string> Calls { get { lock (_gate) return [.. _calls]; } }

    /// <summary>The SIM: state, counter (null: cannot report), the PIN it accepts.</summary>
    public SimLock Sim { get; set; } = SimLock.Ready;
    public int? PinAttemptsLeft { get; set; } = 3;
    public string CorrectPin { get; init; } = "1234";

    /// <summary>The session is killed after the PIN went out, before the answer was read.</summary>
    public bool KilledDuringPinEntry { get; init; }

    /// <summary>Registration per domain (null: unsupported).</summary>
    public int?[] Stats { get; } = [null, 1, null]; // Cs, Gprs, Eps

    public event Action<RegistrationReading>? RegistrationChanged;

    /// <summary>The modem reports a registration change on its own.</summary>
    public void Report(RegistrationDomain domain, int stat)
    {
        lock (_gate) Stats[(int)domain] = stat;
        RegistrationChanged?.Invoke(new RegistrationReading(domain, RegistrationAnswer.Known, stat, $"{domain} PS", $"serving system {domain} {stat}"));
    }

    public void Vanish() => _closed.TrySetResult();

    private T Call<T>(string name, T result)
    {
        lock (_gate) _calls.Add(name);
        return result;
    }

    public Task PrepareAsync(TimeSpan bootWait, TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("prepare", 0));
    public Task ClearStaleStateAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("clear-stale", 0));
    public Task<IdentityReading> ReadIdentityAsync(TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Call("identity", new IdentityReading("Scripted", "S1", "1.0", "860000000000001", "device ids")));
    public Task<string?> ReadIccidAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("iccid", (string?)"8949000000000000001"));
    public Task<string?> ReadImsiAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("imsi", (string?)"262010000000001"));
    public Task<SimStatus> QuerySimAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("sim", new SimStatus(Sim, $"card status {Sim}")));
    public Task<PinAttempts> ReadPinAttemptsAsync(TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(Call("pin-attempts", new PinAttempts(PinAttemptsLeft, PinAttemptsLeft is { } n ? $"pin retries {n}" : "no retry counter")));

    public Task<PinEntry> EnterPinAsync(string pin, TimeSpan timeout, CancellationToken ct)
    {
        if (KilledDuringPinEntry)
        {
            Call("enter-pin", 0);
            throw new OperationCanceledException("killed");
        }
        var ok = pin == CorrectPin;
        if (ok) Sim = SimLock.Ready;
        else PinAttemptsLeft -= 1;
        return Task.FromResult(Call("enter-pin", new PinEntry(ok ? PinOutcome.Accepted : PinOutcome.Rejected, ok ? "verify PIN: success" : "verify PIN: IncorrectPin")));
    }

    public Task<string> ApplyRadioModeAsync(string mode, bool allowRoaming, TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("mode " + mode, $"mode {mode} set"));
    public Task SelectPlmnAsync(string plmn, TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("plmn " + plmn, 0));
    public Task EnableRegistrationEventsAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("registration-events", 0));

    public Task<RegistrationReading> QueryRegistrationAsync(RegistrationDomain domain, TimeSpan timeout, CancellationToken ct)
    {
        int? stat;
        lock (_gate) stat = Stats[(int)domain];
        return Task.FromResult(Call($"registration {domain}", stat is { } s
            ? new RegistrationReading(domain, RegistrationAnswer.Known, s, $"{domain} PS", $"serving system {domain} {s}")
            : new RegistrationReading(domain, RegistrationAnswer.Unsupported, null, $"{domain} PS", "not reported")));
    }

    public Task<string> RequestAutomaticSelectionAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("automatic", "ok"));
    public Task<NetworkReading> ReadNetworkAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("network", new NetworkReading("Scripted Net", "LTE", -70)));
    public Task EnterLowPowerAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(Call("low-power", 0));
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
