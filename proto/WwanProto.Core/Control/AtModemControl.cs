using WwanProto.Core.At;
using WwanProto.Core.Modem;
using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Control;

/// <summary>
/// The AT control plane (serial and NCM sticks, phones): the <see cref="Modem"/> helpers on one <see cref="IAtChannel"/>,
/// whose parsing stays theirs. It does not own the channel: the <c>ModemConnection</c> does (a single-port phone lends
/// it to pppd, the NCM link dials on it, the ubus `at` method queues on it).
/// </summary>
public sealed class AtModemControl : IModemControl
{
    private readonly IAtChannel _at;

    public AtModemControl(IAtChannel at)
    {
        _at = at;
        _at.Urc += OnUrc;
    }

    public string Kind => "at";
    public string Name => _at.Path;
    public ControlFeatures Features => ControlFeatures.All;
    public Task Closed => _at.Closed;

    public event Action<RegistrationReading>? RegistrationChanged;

    public Task PrepareAsync(TimeSpan bootWait, TimeSpan timeout, CancellationToken ct) => ControlPortSetup.RunAsync(_at, bootWait, timeout, ct);

    /// <summary>Nothing here: a call left up is the NCM link's to end (it dials and hangs up on its own cid).</summary>
    public Task ClearStaleStateAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

    public async Task<IdentityReading> ReadIdentityAsync(TimeSpan timeout, CancellationToken ct)
    {
        var (identity, ati) = await ModemIdentity.ReadAsync(_at, timeout, ct).ConfigureAwait(false);
        return new IdentityReading(identity.Manufacturer, identity.Model, identity.Firmware, identity.Imei, ati.Describe());
    }

    public Task<string?> ReadIccidAsync(TimeSpan timeout, CancellationToken ct) => SimCard.ReadIccidAsync(_at, timeout, ct);

    public Task<string?> ReadImsiAsync(TimeSpan timeout, CancellationToken ct) => SimCard.ReadImsiAsync(_at, timeout, ct);

    public async Task<SimStatus> QuerySimAsync(TimeSpan timeout, CancellationToken ct)
    {
        var (state, answer) = await SimCard.QueryLockAsync(_at, timeout, ct).ConfigureAwait(false);
        return new SimStatus(state, answer.Quote());
    }

    public async Task<PinAttempts> ReadPinAttemptsAsync(TimeSpan timeout, CancellationToken ct)
    {
        var (left, source) = await SimCard.PinAttemptsAsync(_at, timeout, ct).ConfigureAwait(false);
        return new PinAttempts(left, source);
    }

    /// <summary>The command holds the PIN: the answer is quoted by its final line only, never by <see cref="AtResponse.Describe"/>.</summary>
    public async Task<PinEntry> EnterPinAsync(string pin, TimeSpan timeout, CancellationToken ct)
    {
        var result = await SimCard.EnterPinAsync(_at, pin, timeout, ct).ConfigureAwait(false);
        var outcome = result.IsOk ? PinOutcome.Accepted : result.Final == AtFinal.Timeout ? PinOutcome.NoAnswer : PinOutcome.Rejected;
        return new PinEntry(outcome, $"AT+CPIN=\"****\" answered {(result.Final == AtFinal.Timeout ? "nothing (timed out)" : result.FinalLine)}");
    }

    public Task<string> ApplyRadioModeAsync(string mode, bool allowRoaming, TimeSpan timeout, CancellationToken ct) =>
        RadioMode.ApplyAsync(_at, mode, allowRoaming, timeout, ct);

    public Task SelectPlmnAsync(string plmn, TimeSpan timeout, CancellationToken ct) => RadioMode.SelectPlmnAsync(_at, plmn, timeout, ct);

    public Task EnableRegistrationEventsAsync(TimeSpan timeout, CancellationToken ct) => NetworkRegistration.EnableUrcsAsync(_at, timeout, ct);

    public Task<RegistrationReading> QueryRegistrationAsync(RegistrationDomain domain, TimeSpan timeout, CancellationToken ct) =>
        NetworkRegistration.QueryAsync(_at, domain, timeout, ct);

    public async Task<string> RequestAutomaticSelectionAsync(TimeSpan timeout, CancellationToken ct) =>
        (await _at.SendAsync("AT+COPS=0", timeout, ct).ConfigureAwait(false)).Describe();

    public Task<NetworkReading> ReadNetworkAsync(TimeSpan timeout, CancellationToken ct) => NetworkInfo.ReadAsync(_at, timeout, ct);

    /// <summary>Radio off, as OpenWrt's handlers do on teardown.</summary>
    public Task EnterLowPowerAsync(TimeSpan timeout, CancellationToken ct) => _at.SendAsync("AT+CFUN=0", timeout, ct);

    private void OnUrc(string line)
    {
        if (RegistrationParser.Parse(line) is not { IsUrc: true } state) return;
        RegistrationChanged?.Invoke(new RegistrationReading(state.Domain, RegistrationAnswer.Known, state.Stat, NetworkRegistration.PrefixOf(state.Domain), line));
    }

    /// <summary>Stops listening; the channel itself belongs to the connection.</summary>
    public ValueTask DisposeAsync()
    {
        _at.Urc -= OnUrc;
        return ValueTask.CompletedTask;
    }
}
