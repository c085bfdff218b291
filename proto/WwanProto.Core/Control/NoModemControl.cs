using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Session;

namespace WwanProto.Core.Control;

/// <summary>
/// No control plane: a phone tethering over USB (RNDIS/ECM) runs its own SIM, radio and registration. Identity comes
/// from the USB descriptors; <see cref="Features"/> is empty, so the session skips the SIM, mode and registration
/// steps. Anything asked anyway answers "not available" instead of pretending. <see cref="Closed"/> completes when
/// <paramref name="gone"/> says the device left USB: the session then finds it again (a replugged phone may come
/// back under another netdev name) instead of waiting for the old netdev.
/// </summary>
public sealed class NoModemControl(string name, string? manufacturer, string? model, string? serial, Task<bool>? gone = null) : IModemControl
{
    private readonly TaskCompletionSource _closed = ClosedWhen(gone);

    private static TaskCompletionSource ClosedWhen(Task<bool>? gone)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gone?.ContinueWith(t => { if (t.Result) closed.TrySetResult(); }, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return closed;
    }

    public string Kind => "none";
    public string Name => name;
    public ControlFeatures Features => ControlFeatures.None;
    public Task Closed => _closed.Task;

    public event Action<RegistrationReading>? RegistrationChanged { add { } remove { } }

    private string NotAvailable(string what) => $"{what} is not available: {name} has no control plane (USB tethering)";

    public Task PrepareAsync(TimeSpan bootWait, TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;
    public Task ClearStaleStateAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The USB descriptors' manufacturer and product; the serial is no IMEI, so none is claimed.</summary>
    public Task<IdentityReading> ReadIdentityAsync(TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(new IdentityReading(manufacturer, model, null, null, $"USB descriptors of {name}" + (serial is null ? "" : $" (serial {serial})")));

    public Task<string?> ReadIccidAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult<string?>(null);
    public Task<string?> ReadImsiAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult<string?>(null);

    public Task<SimStatus> QuerySimAsync(TimeSpan timeout, CancellationToken ct) => throw Unavailable("the SIM state");
    public Task<PinAttempts> ReadPinAttemptsAsync(TimeSpan timeout, CancellationToken ct) => throw Unavailable("the PIN counter");
    public Task<PinEntry> EnterPinAsync(string pin, TimeSpan timeout, CancellationToken ct) => throw Unavailable("PIN entry");
    public Task<string> ApplyRadioModeAsync(string mode, bool allowRoaming, TimeSpan timeout, CancellationToken ct) => throw Unavailable("the network mode");
    public Task SelectPlmnAsync(string plmn, TimeSpan timeout, CancellationToken ct) => throw Unavailable("operator selection");
    public Task EnableRegistrationEventsAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

    public Task<RegistrationReading> QueryRegistrationAsync(RegistrationDomain domain, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(new RegistrationReading(domain, RegistrationAnswer.Unsupported, null, domain.ToString(), NotAvailable("registration")));

    public Task<string> RequestAutomaticSelectionAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(NotAvailable("operator selection"));
    public Task<NetworkReading> ReadNetworkAsync(TimeSpan timeout, CancellationToken ct) => Task.FromResult(new NetworkReading(null, null, null));
    public Task EnterLowPowerAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

    private SessionException Unavailable(string what) =>
        new(new SessionError(ErrorCodes.UnsupportedModem, NotAvailable(what), Fatal: true));

    public ValueTask DisposeAsync()
    {
        _closed.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
