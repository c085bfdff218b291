using WwanProto.Core.At;
using WwanProto.Core.Config;
using WwanProto.Core.Control;
using WwanProto.Core.Links;

namespace WwanProto.Core.Session;

/// <summary>
/// One interface's connection, from "a modem somewhere" to a supervised data link, as an explicit
/// state machine (<see cref="SessionState"/>, <see cref="SessionTransitions"/>). The same engine runs
/// under netifd (`session`) and standalone (`up`); only the <see cref="ILinkReporter"/> differs.
///
/// <see cref="RunAsync"/> returns only when stopped (null, after a clean hang-up within
/// <see cref="SessionTuning.HangupBudget"/>) or on a fatal error (the <see cref="SessionError"/>, also
/// reported). Transient failures and link losses are retried in place with backoff: netifd would
/// otherwise restart the handler at once, in a tight loop.
/// </summary>
public sealed class ModemSession
{
    private readonly InterfaceOptions _options;
    private readonly ILinkReporter _reporter;
    private readonly IModemConnector _connector;
    private readonly IDataLinkFactory _links;
    private readonly SessionTuning _tuning;
    private readonly Action<string> _log;
    private readonly RejectedPinStore _pins;
    private readonly Backoff _backoff;
    private ModemConnection? _modem;
    private IDataLink? _link;
    private ModemFingerprint? _fingerprint;
    private ModemStatus _status = new();

    public ModemSession(InterfaceOptions options, SystemPaths paths, ILinkReporter reporter, IModemConnector connector,
        IDataLinkFactory links, SessionTuning? tuning = null, Action<string>? log = null)
    {
        _options = options;
        _reporter = reporter;
        _connector = connector;
        _links = links;
        _tuning = tuning ?? SessionTuning.Default;
        _log = log ?? (_ => { });
        _pins = new RejectedPinStore(paths.StateDir);
        _backoff = new Backoff(_tuning.BackoffMin, _tuning.BackoffMax);
        Messaging = new Sms.SessionMessaging(() => _modem, () => _status, () => SessionTransitions.Name(State), _tuning.CommandTimeout, _log);
    }

    /// <summary>SMS and USSD on the open modem, queued behind the session's own commands.</summary>
    public Sms.SessionMessaging Messaging { get; }

    public SessionState State { get; private set; } = SessionState.Starting;

    /// <summary>Ends a backoff early when the missing modem's device appears (kernel uevents, hotplug); null: backoffs run their course.</summary>
    public IDeviceArrivals? Arrivals { get; init; }

    /// <summary>The latest status (also pushed to <see cref="ILinkReporter.StatusChanged"/>).</summary>
    public ModemStatus Status => _status;

    /// <summary>Raised on every state change, on the session's own flow.</summary>
    public event Action<SessionState>? StateChanged;

    /// <summary>
    /// One command on the session's control port, queued behind the session's own (the ubus status
    /// object's `at` method; it checks the command against its read-only allow list first).
    /// </summary>
    public Task<AtResponse> QueryAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var modem = _modem;
        if (modem is { ControlLent: true, At: { } lent })
            return Task.FromResult(new AtResponse(command, [], AtFinal.Timeout, "") { ErrorText = $"the control port {lent.Path} is in use by pppd (a single-port modem); status shows the values from before the call" });
        if (modem is null || modem.Control.Closed.IsCompleted)
            return Task.FromResult(new AtResponse(command, [], AtFinal.Timeout, "") { ErrorText = "no modem open (session " + SessionTransitions.Name(State) + ")" });
        if (modem.At is not { } at)
            return Task.FromResult(new AtResponse(command, [], AtFinal.Timeout, "") { ErrorText = $"the modem has no AT port (its control plane is {modem.Control.Kind} on {modem.Control.Name})" });
        return at.SendAsync(command, timeout, cancellationToken);
    }

    public async Task<SessionError?> RunAsync(CancellationToken stop)
    {
        if (OptionProblem() is { } invalid) return await FailAsync(invalid).ConfigureAwait(false);
        try
        {
            while (true)
            {
                stop.ThrowIfCancellationRequested();
                try
                {
                    await ConnectOnceAsync(stop).ConfigureAwait(false);
                    var reason = await SuperviseAsync(stop).ConfigureAwait(false);
                    _log($"link lost: {reason}");
                    Update(s => s with { Reconnects = s.Reconnects + 1, ConnectedSince = null, LastError = reason });
                    await _reporter.LinkDownAsync(reason, stop).ConfigureAwait(false);
                    await EndCallAsync($"hanging up the {_link?.Kind} call, which the modem may still hold up").ConfigureAwait(false);
                    await DropLinkAsync().ConfigureAwait(false);
                    await DropModemIfGoneAsync().ConfigureAwait(false);
                    _backoff.Reset();
                    await BackOffAsync(_tuning.BackoffMin / 2, stop).ConfigureAwait(false);
                }
                catch (SessionException e) when (!e.Error.Fatal && !stop.IsCancellationRequested)
                {
                    await RetryLaterAsync(e.Error, stop).ConfigureAwait(false);
                }
                catch (PortGoneException e) when (!stop.IsCancellationRequested)
                {
                    await RetryLaterAsync(new SessionError(ErrorCodes.ModemGone, e.Message), stop).ConfigureAwait(false);
                }
                catch (IOException e) when (!stop.IsCancellationRequested)
                {
                    // A port that vanished between resolving and opening (open: ENOENT/ENODEV), or the like.
                    await RetryLaterAsync(new SessionError(ErrorCodes.ModemGone, e.Message), stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await HangUpAsync().ConfigureAwait(false);
            return null;
        }
        catch (SessionException e) when (stop.IsCancellationRequested)
        {
            _log($"stopping ({e.Error})");
            await HangUpAsync().ConfigureAwait(false);
            return null;
        }
        catch (SessionException e)
        {
            return await FailAsync(e.Error).ConfigureAwait(false);
        }
    }

    /// <summary>From wherever we are (fresh, after a loss, after a failure) to a reported link.</summary>
    private async Task ConnectOnceAsync(CancellationToken ct)
    {
        if (_modem is null)
        {
            Transition(SessionState.OpeningModem);
            _modem = await _connector.ConnectAsync(_fingerprint, ct).ConfigureAwait(false);
            _fingerprint = new ModemFingerprint(_modem.UsbPath ?? _fingerprint?.UsbPath, _fingerprint?.Imei);
            Update(s => s with { ControlPort = _modem.Control.Name, DataPort = _modem.PppPort, Ifname = _modem.NetDev });
            _log($"modem {_modem.UsbId} at {_modem.UsbPath}: control {_modem.Control.Name}, netdev {_modem.NetDev ?? "-"}, ppp {_modem.PppPort ?? "-"}");
        }
        var control = _modem.Control;
        var features = control.Features;
        var quick = _tuning.CommandTimeout;

        Transition(SessionState.Initializing);
        var bootWait = TimeSpan.FromSeconds(_options.Delay) > _tuning.MinBootWait ? TimeSpan.FromSeconds(_options.Delay) : _tuning.MinBootWait;
        await control.PrepareAsync(bootWait, quick, ct).ConfigureAwait(false);
        await control.ClearStaleStateAsync(quick, ct).ConfigureAwait(false);

        Transition(SessionState.Identifying);
        var identity = await control.ReadIdentityAsync(quick, ct).ConfigureAwait(false);
        if (identity.IsEmpty) throw new SessionException(new SessionError(ErrorCodes.GetInfoFailed, $"reading the modem identity: {identity.Said}"));
        var iccid = await control.ReadIccidAsync(quick, ct).ConfigureAwait(false);
        _fingerprint = _fingerprint! with { Imei = identity.Imei ?? _fingerprint.Imei };
        Update(s => s with { Manufacturer = identity.Manufacturer, Model = identity.Model, Firmware = identity.Firmware, Imei = identity.Imei, Iccid = iccid });
        _log($"modem: {identity.Manufacturer} {identity.Model}, firmware {identity.Firmware}");

        // A control plane without SIM, mode or registration (a tethering phone does them itself): those steps are skipped whole.
        Transition(SessionState.UnlockingSim);
        if (features.HasFlag(ControlFeatures.Sim))
        {
            var sim = new SimUnlockStep(control, _options.PinCode, _pins, _tuning, _log)
            {
                SimKey = iccid is not null ? "iccid:" + iccid : identity.Imei is not null ? "imei:" + identity.Imei : "unknown-sim",
            };
            await sim.RunAsync(TimeSpan.FromSeconds(_options.Timeout), ct).ConfigureAwait(false);
            var imsi = await control.ReadImsiAsync(quick, ct).ConfigureAwait(false);
            Update(s => s with { SimState = "ready", Imsi = imsi });
        }
        else NotAvailable("the SIM", _options.PinCode is not null ? "pincode" : null);

        Transition(SessionState.SettingRadioMode);
        if (features.HasFlag(ControlFeatures.RadioMode))
        {
            if (_options.Mode is { } mode)
                _log(await control.ApplyRadioModeAsync(mode, _options.AllowRoaming, quick, ct).ConfigureAwait(false));
            if (_options.Plmn is { } plmn)
                await control.SelectPlmnAsync(plmn, TimeSpan.FromSeconds(_options.Timeout), ct).ConfigureAwait(false);
        }
        else NotAvailable("the network mode", _options.Mode is not null ? "mode" : _options.Plmn is not null ? "plmn" : null);

        Transition(SessionState.Registering);
        var roaming = false;
        if (features.HasFlag(ControlFeatures.Registration))
            roaming = await new RegistrationStep(control, _options.AllowRoaming, _options.Plmn is not null, _tuning, _log)
                .RunAsync(TimeSpan.FromSeconds(_options.Timeout), ct).ConfigureAwait(false);
        else NotAvailable("registration", null);
        if (features.HasFlag(ControlFeatures.NetworkInfo)) await RefreshNetworkInfoAsync(control, ct).ConfigureAwait(false);
        if (features.HasFlag(ControlFeatures.Registration))
            _log($"registered{(roaming ? " (roaming)" : "")} on {_status.Operator ?? "?"} ({_status.Rat ?? "?"}, {_status.SignalDbm?.ToString() ?? "?"} dBm)");

        Transition(SessionState.Connecting);
        _link = _links.Create(new DataLinkContext(_modem, _options, _tuning, _log));
        var up = await _link.ConnectAsync(ct).ConfigureAwait(false);

        Transition(SessionState.Reporting);
        Update(s => s with { Ifname = up.Ifname, LinkType = _link.Kind, ConnectedSince = DateTimeOffset.UtcNow, LastError = null });
        await _reporter.LinkUpAsync(new LinkUp(up.Ifname, up.Ipv4, up.Ipv6, up.NeedsDhcp, up.NeedsDhcpv6, _status), ct).ConfigureAwait(false);
        _log($"connected: {up.Ifname}" + (up.Ipv4 is { } v4 ? $" {v4.Address}/{v4.PrefixLength} gw {v4.Gateway}" : "")
             + (up.Ipv6 is { } v6 ? $" {v6.Address}/{v6.PrefixLength}" : "") + (up.NeedsDhcp ? " (dhcp)" : ""));
        Transition(SessionState.Connected);
        _backoff.Reset();
        Messaging.ModemReady();
    }

    /// <summary>Connected: wait for the link's loss or the port's disappearance; refresh the status meanwhile.</summary>
    private async Task<string> SuperviseAsync(CancellationToken stop)
    {
        if (_modem!.ControlLent) return await SuperviseLentAsync(stop).ConfigureAwait(false);
        var link = _link!;
        var control = _modem!.Control;
        using var refresh = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var refresher = control.Features.HasFlag(ControlFeatures.NetworkInfo) ? RefreshLoopAsync(control, refresh.Token) : Task.CompletedTask;
        await using var registration = control.Features.HasFlag(ControlFeatures.Registration)
            ? RegistrationWatch.Start(control, _options.AllowRoaming, _tuning, _log, refresh.Token) : null;
        var stopped = Task.Delay(Timeout.Infinite, refresh.Token);
        var registrationLost = registration?.Lost ?? new TaskCompletionSource<string>().Task; // not watched: never lost
        var first = await Task.WhenAny(link.Lost, control.Closed, registrationLost, stopped).ConfigureAwait(false);
        await refresh.CancelAsync().ConfigureAwait(false);
        await refresher.ConfigureAwait(false);
        stop.ThrowIfCancellationRequested();
        return first == link.Lost || first == registrationLost ? await ((Task<string>)first).ConfigureAwait(false) : $"the control port {control.Name} is gone";
    }

    /// <summary>
    /// Connected with the control port lent to pppd (single-port phone): only the link's end tells of a loss; no AT
    /// refresh or registration watch, the status keeps the values from before the call.
    /// </summary>
    private async Task<string> SuperviseLentAsync(CancellationToken stop)
    {
        _log($"the control port {_modem!.At!.Path} is lent to pppd; no status refresh until the call ends");
        var lost = _link!.Lost;
        await Task.WhenAny(lost, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
        stop.ThrowIfCancellationRequested();
        return await lost.ConfigureAwait(false);
    }

    /// <summary>
    /// A loss the link did not see itself (registration), or an attempt that failed after dialling (NO_IPADDR: the call
    /// came up without an address): the modem may still hold the call up; end it before dropping the link, so the next
    /// attempt does not find it as a stale call only after a whole round of init, SIM and registration.
    /// </summary>
    private async Task EndCallAsync(string why)
    {
        if (_link is null || _link.Lost.IsCompleted || _modem is null || _modem.Control.Closed.IsCompleted) return;
        _log(why);
        using var budget = new CancellationTokenSource(_tuning.HangupBudget);
        try
        {
            await _link.DisconnectAsync(budget.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or PortGoneException or SessionException or ObjectDisposedException)
        {
            _log($"hang-up after the loss incomplete: {e.Message}");
        }
    }

    private async Task RefreshLoopAsync(IModemControl control, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_tuning.SupervisionInterval, ct).ConfigureAwait(false);
                await RefreshNetworkInfoAsync(control, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
        catch (PortGoneException) { }
    }

    private async Task RefreshNetworkInfoAsync(IModemControl control, CancellationToken ct)
    {
        var info = await control.ReadNetworkAsync(_tuning.CommandTimeout, ct).ConfigureAwait(false);
        Update(s => s with
        {
            Operator = info.Operator ?? s.Operator,
            Rat = info.Rat ?? s.Rat,
            SignalDbm = info.SignalDbm,
            SignalBars = info.SignalDbm is { } dbm ? NetworkReading.Bars(dbm) : null,
        });
    }

    /// <summary>A step the control plane cannot do: logged once per connect, and the option it leaves unused named.</summary>
    private void NotAvailable(string what, string? option) =>
        _log($"{what}: not available through the {_modem!.Control.Kind} control plane ({_modem.Control.Name}); skipped" + (option is null ? "" : $"; option {option} is not used"));

    /// <summary>A transient failure: report it (netifd shows it), clean up, wait, and go again.</summary>
    private async Task RetryLaterAsync(SessionError error, CancellationToken stop)
    {
        var failedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var gone = _modem is { ControlLent: false } modem && modem.Control.Closed.IsCompleted;
        var message = gone && error.Code != ErrorCodes.ModemGone ? new SessionError(ErrorCodes.ModemGone, $"{error.Message} (the modem vanished)") : error;
        _log($"failed: {message}; retrying");
        Update(s => s with { LastError = message.ToString() });
        await _reporter.ErrorAsync(message, stop).ConfigureAwait(false);
        await EndCallAsync($"ending this attempt's {_link?.Kind} call").ConfigureAwait(false);
        await DropLinkAsync().ConfigureAwait(false);
        await DropModemIfGoneAsync().ConfigureAwait(false);
        await BackOffAsync(_backoff.Next(), stop, failedAt).ConfigureAwait(false);
    }

    /// <summary>Waits <paramref name="wait"/>; with the modem gone, only until its device appears (since <paramref name="since"/>, a Stopwatch timestamp).</summary>
    private async Task BackOffAsync(TimeSpan wait, CancellationToken stop, long? since = null)
    {
        Transition(SessionState.BackingOff);
        _log($"next attempt in {wait.TotalSeconds:0.0} s");
        if (_modem is not null || Arrivals is null)
        {
            await Task.Delay(wait, stop).ConfigureAwait(false);
            return;
        }
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var appeared = Arrivals.WaitAsync(_fingerprint?.UsbPath, since ?? System.Diagnostics.Stopwatch.GetTimestamp(), waiting.Token);
        var first = await Task.WhenAny(Task.Delay(wait, waiting.Token), appeared).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        stop.ThrowIfCancellationRequested();
        if (first == appeared) _log($"{(_fingerprint?.UsbPath is { } usb ? "the modem's USB device " + usb : "a USB device")} appeared; trying again now");
    }

    private async Task DropLinkAsync()
    {
        if (_link is null) return;
        await _link.DisposeAsync().ConfigureAwait(false);
        _link = null;
    }

    /// <summary>The control port vanished (reset, brownout, unplug): forget it and find the modem again.</summary>
    private async Task DropModemIfGoneAsync()
    {
        if (_modem is { ControlLent: true } lent)
        {
            // Lent to pppd, not gone: open it afresh (re-resolved, it may have been renumbered) before the next dial.
            // Only a port that is no longer there means the modem itself went away meanwhile.
            var vanished = lent.At is { } port && !File.Exists(port.Path);
            await lent.DisposeAsync().ConfigureAwait(false);
            _modem = null;
            if (vanished)
            {
                Update(s => s with { ModemResets = s.ModemResets + 1 });
                _log($"the modem vanished while pppd had {lent.At?.Path}; waiting for it to come back");
            }
            return;
        }
        if (_modem is null || !_modem.Control.Closed.IsCompleted) return;
        await _modem.DisposeAsync().ConfigureAwait(false);
        _modem = null;
        Update(s => s with { ModemResets = s.ModemResets + 1 });
        _log("the modem vanished; waiting for it to come back");
    }

    /// <summary>Stop requested: end the call within the budget and close the port (DTR drops on close).</summary>
    private async Task HangUpAsync()
    {
        Transition(SessionState.HangingUp);
        using var budget = new CancellationTokenSource(_tuning.HangupBudget);
        try
        {
            if (_link is not null) await _link.DisconnectAsync(budget.Token).ConfigureAwait(false);
            // lowpower: radio off on teardown, as OpenWrt's handlers do with AT+CFUN=0.
            if (_options.LowPower && _modem is { ControlLent: false } modem && !modem.Control.Closed.IsCompleted)
                await modem.Control.EnterLowPowerAsync(_tuning.CommandTimeout, budget.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or PortGoneException or SessionException or ObjectDisposedException)
        {
            _log($"hang-up incomplete: {e.Message}");
        }
        await DropLinkAsync().ConfigureAwait(false);
        if (_modem is not null) await _modem.DisposeAsync().ConfigureAwait(false);
        _modem = null;
        Update(s => s with { ConnectedSince = null });
        Transition(SessionState.Stopped);
    }

    private async Task<SessionError> FailAsync(SessionError error)
    {
        _log($"fatal: {error}");
        if (State != SessionState.Starting) await HangUpAfterFailureAsync().ConfigureAwait(false);
        Update(s => s with { LastError = error.ToString() });
        Transition(SessionState.Failed);
        using var budget = new CancellationTokenSource(_tuning.HangupBudget);
        try
        {
            await _reporter.ErrorAsync(error, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
        return error;
    }

    private async Task HangUpAfterFailureAsync()
    {
        using var budget = new CancellationTokenSource(_tuning.HangupBudget);
        try
        {
            if (_link is not null) await _link.DisconnectAsync(budget.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or PortGoneException or SessionException) { }
        await DropLinkAsync().ConfigureAwait(false);
        if (_modem is not null) await _modem.DisposeAsync().ConfigureAwait(false);
        _modem = null;
    }

    /// <summary>Everything that will go into an AT command, checked before any I/O (a session may be built in code, not by OptionParser).</summary>
    private SessionError? OptionProblem()
    {
        var checks = new (string Name, string? Value, Func<string, string?> Rule, bool Secret)[]
        {
            ("apn", _options.Apn, ValueRules.Apn, false),
            ("v6apn", _options.V6Apn, ValueRules.Apn, false),
            ("username", _options.Username, ValueRules.Credential, false),
            ("password", _options.Password, ValueRules.Credential, true),
            ("pincode", _options.PinCode, ValueRules.Pin, true),
            ("plmn", _options.Plmn, ValueRules.Plmn, false),
            ("dialnumber", _options.DialNumber, ValueRules.DialNumber, false),
        };
        foreach (var (name, value, rule, secret) in checks)
            if (value is not null && rule(value) is { } problem)
                return new SessionError(ErrorCodes.ConfigInvalid, secret ? $"option {name}: {problem}" : $"option {name} '{Printable(value)}': {problem}", Fatal: true);
        string? Choice(string name, string? value, params string[] allowed) =>
            value is null || Array.IndexOf(allowed, value) >= 0 ? null : $"option {name} '{Printable(value)}': expected one of {string.Join(", ", allowed)}";
        var choice = Choice("auth", _options.Auth, "none", "pap", "chap", "both")
            ?? Choice("mode", _options.Mode, "auto", "lte", "umts", "gsm", "preferlte", "preferumts")
            ?? Choice("pdptype", _options.PdpType, "IP", "IPV6", "IPV4V6")
            ?? (_options.Profile is < 1 or > 16 ? $"option profile '{_options.Profile}': must be between 1 and 16" : null);
        return choice is null ? null : new SessionError(ErrorCodes.ConfigInvalid, choice, Fatal: true);
    }

    private static string Printable(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        foreach (var c in value) text.Append(c < 0x20 || c == 0x7f ? $"\\x{(int)c:x2}" : c.ToString());
        return text.ToString();
    }

    private void Transition(SessionState next)
    {
        if (next == State) return;
        if (!SessionTransitions.IsAllowed(State, next))
            throw new InvalidOperationException($"session: no transition {State} -> {next}");
        State = next;
        Update(s => s with { State = SessionTransitions.Name(next) });
        StateChanged?.Invoke(next);
    }

    private void Update(Func<ModemStatus, ModemStatus> change)
    {
        _status = change(_status);
        _reporter.StatusChanged(_status);
    }
}
