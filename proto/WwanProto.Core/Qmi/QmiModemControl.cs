using WwanProto.Core.Control;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Session;

namespace WwanProto.Core.Qmi;

/// <summary>
/// The QMI control plane (qmi_wwan modems: E392, E398, E367 in QMI mode) over <see cref="QmiModem"/>: DMS for identity,
/// SIM and PIN (counters from UIM Get PIN Status), NAS for registration (Serving System, with its indications), signal
/// and mode preference. Every answer quoted in errors names the QMI message and its result; never a PIN. A silent
/// device (transaction timeouts) is an INITIALIZE_FAILED the session retries, after the opener's recovery ladder.
/// </summary>
public sealed class QmiModemControl(QmiModem qmi, string rawIpFile) : IModemControl
{
    public QmiModem Modem { get; } = qmi;

    /// <summary>/sys/class/net/DEV/qmi/raw_ip of this modem's netdev.</summary>
    public string RawIpFile { get; } = rawIpFile;

    public string Kind => "qmi";
    public string Name => Modem.Path;
    public ControlFeatures Features => ControlFeatures.All;
    public Task Closed => Modem.Device.Closed;

    public event Action<RegistrationReading>? RegistrationChanged;

    /// <summary>Opening already waited for CTL and allocated the clients: here only a liveness check.</summary>
    public Task PrepareAsync(TimeSpan bootWait, TimeSpan timeout, CancellationToken ct) =>
        Guard("DMS Get Operating Mode", () => Modem.CallAsync(QmiService.Dms, DmsMessages.GetOperatingMode(), ct, timeout));

    /// <summary>Done when the modem was opened (<see cref="QmiModem.OpenAsync"/> undoes what the state file names).</summary>
    public Task ClearStaleStateAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;

    public async Task<IdentityReading> ReadIdentityAsync(TimeSpan timeout, CancellationToken ct)
    {
        var ids = DmsMessages.ReadIds(await Call(DmsMessages.GetIds(), QmiService.Dms, timeout, ct).ConfigureAwait(false));
        var model = DmsMessages.ReadText(await Call(DmsMessages.GetModel(), QmiService.Dms, timeout, ct).ConfigureAwait(false));
        var revision = DmsMessages.ReadText(await Call(DmsMessages.GetRevision(), QmiService.Dms, timeout, ct).ConfigureAwait(false));
        // DMS Get Manufacturer is not asked: the sticks this serves are Huawei's (the USB vendor says so too).
        return new IdentityReading("Huawei", model, revision, ids.Imei, $"DMS Get IDs/Model/Revision answered IMEI {ids.Imei ?? "-"}, model {model ?? "-"}, revision {revision ?? "-"}");
    }

    public Task<string?> ReadIccidAsync(TimeSpan timeout, CancellationToken ct) => OptionalText(DmsMessages.GetIccid(), timeout, ct);
    public Task<string?> ReadImsiAsync(TimeSpan timeout, CancellationToken ct) => OptionalText(DmsMessages.GetImsi(), timeout, ct);

    private async Task<string?> OptionalText(QmiRequest request, TimeSpan timeout, CancellationToken ct)
    {
        try { return DmsMessages.ReadText(await Call(request, QmiService.Dms, timeout, ct).ConfigureAwait(false)); }
        catch (SessionException) { return null; }
    }

    public async Task<SimStatus> QuerySimAsync(TimeSpan timeout, CancellationToken ct)
    {
        var uim = DmsMessages.ReadUimState(await Call(DmsMessages.GetUimState(), QmiService.Dms, timeout, ct).ConfigureAwait(false));
        if (uim == DmsMessages.UimState.Absent) return new SimStatus(SimLock.Absent, "DMS UIM Get State answered: card absent");
        if (uim == DmsMessages.UimState.Unavailable) return new SimStatus(SimLock.Busy, "DMS UIM Get State answered: state unavailable (initialising)");
        DmsMessages.PinStatus? pin;
        try
        {
            pin = DmsMessages.ReadPin1(await Modem.CallAsync(QmiService.Dms, DmsMessages.GetPinStatus(), ct, timeout).ConfigureAwait(false));
        }
        catch (QmiErrorException e) when (e.Error is QmiError.UimUninitialized or QmiError.DeviceNotReady)
        {
            return new SimStatus(SimLock.Busy, $"{e.Message}");
        }
        catch (QmiTimeoutException e)
        {
            await Modem.GiveUpAsync("silent").ConfigureAwait(false);
            throw Silent(e);
        }
        if (pin is null) return new SimStatus(uim == DmsMessages.UimState.LockedOrFailed ? SimLock.Failure : SimLock.Ready, "DMS UIM Get PIN Status answered without PIN1 status");
        var said = $"DMS UIM Get PIN Status answered PIN1 {pin.State}, {pin.VerifyLeft} verify / {pin.UnblockLeft} unblock attempts left";
        return new SimStatus(pin.State switch
        {
            DmsMessages.PinState.EnabledNotVerified => SimLock.PinRequired,
            DmsMessages.PinState.Blocked => SimLock.PukRequired,
            DmsMessages.PinState.PermanentlyBlocked => SimLock.Failure,
            DmsMessages.PinState.NotInitialized => SimLock.Busy,
            _ => uim == DmsMessages.UimState.LockedOrFailed ? SimLock.Failure : SimLock.Ready,
        }, said);
    }

    public async Task<PinAttempts> ReadPinAttemptsAsync(TimeSpan timeout, CancellationToken ct)
    {
        var pin = DmsMessages.ReadPin1(await Call(DmsMessages.GetPinStatus(), QmiService.Dms, timeout, ct).ConfigureAwait(false));
        return pin is null ? new PinAttempts(null, "DMS UIM Get PIN Status gave no PIN1 counters")
            : new PinAttempts(pin.VerifyLeft, $"DMS UIM Get PIN Status: {pin.VerifyLeft} PIN attempts left");
    }

    public async Task<PinEntry> EnterPinAsync(string pin, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            var answer = await Modem.CallAsync(QmiService.Dms, DmsMessages.VerifyPin(pin), ct, timeout).ConfigureAwait(false);
            return new PinEntry(PinOutcome.Accepted, "DMS UIM Verify PIN (****) answered success" + Left(DmsMessages.ReadRetries(answer)));
        }
        catch (QmiErrorException e)
        {
            return new PinEntry(PinOutcome.Rejected, $"DMS UIM Verify PIN (****) answered {e.Error}{Left(DmsMessages.ReadRetries(e.Answer))}");
        }
        catch (QmiTimeoutException)
        {
            return new PinEntry(PinOutcome.NoAnswer, "DMS UIM Verify PIN (****) answered nothing (timed out)");
        }
    }

    private static string Left(DmsMessages.Retries? r) => r is null ? "" : $", {r.VerifyLeft} attempts left";

    public async Task<string> ApplyRadioModeAsync(string mode, bool allowRoaming, TimeSpan timeout, CancellationToken ct)
    {
        var want = mode switch
        {
            "gsm" => NasMessages.ModePreference.Gsm,
            "umts" => NasMessages.ModePreference.Umts,
            "lte" => NasMessages.ModePreference.Lte,
            "preferumts" => NasMessages.ModePreference.Gsm | NasMessages.ModePreference.Umts,
            _ => NasMessages.ModePreference.Gsm | NasMessages.ModePreference.Umts | NasMessages.ModePreference.Lte,
        };
        var have = NasMessages.ReadModePreference(await Call(NasMessages.GetSystemSelectionPreference(), QmiService.Nas, timeout, ct).ConfigureAwait(false));
        if (have == want) return $"mode {mode} already set (NAS mode preference {want})";
        await Call(NasMessages.SetModePreference(want), QmiService.Nas, timeout, ct).ConfigureAwait(false);
        return $"mode {mode} set (NAS mode preference {want})";
    }

    /// <summary>
    /// Manual operator selection (the QMI "+COPS=1"): NAS Initiate Network Register, manual, MCC/MNC. NoEffect means the
    /// modem is on that network already. A refusal is PLMN_FAILED naming the PLMN and the QMI error; the registration
    /// step then waits for the network as it does after +COPS.
    /// </summary>
    public async Task SelectPlmnAsync(string plmn, TimeSpan timeout, CancellationToken ct)
    {
        var parsed = NasMessages.Plmn.Parse(plmn)
            ?? throw new SessionException(new SessionError(ErrorCodes.PlmnFailed, $"plmn '{plmn}': a PLMN is 5 or 6 digits (MCC and MNC)", Fatal: true));
        try { await Modem.CallAsync(QmiService.Nas, NasMessages.InitiateManualRegister(parsed), ct, timeout).ConfigureAwait(false); }
        catch (QmiErrorException e) when (e.Error == QmiError.NoEffect) { }
        catch (QmiErrorException e)
        {
            throw new SessionException(new SessionError(ErrorCodes.PlmnFailed, $"selecting operator {parsed} (MCC {parsed.Mcc:D3}, MNC {parsed.ToString()[3..]}): NAS Initiate Network Register answered {e.Error} (QMI error {(ushort)e.Error})"));
        }
        catch (QmiTimeoutException e)
        {
            await Modem.GiveUpAsync("silent").ConfigureAwait(false);
            throw Silent(e);
        }
    }

    public Task EnableRegistrationEventsAsync(TimeSpan timeout, CancellationToken ct)
    {
        Modem.ServingSystem -= OnServingSystem;
        Modem.ServingSystem += OnServingSystem;
        return Task.CompletedTask; // NAS Serving System indications were registered when the modem was opened
    }

    /// <summary>NAS knows one registration: it answers for CS and packet (GPRS); EPS is not asked separately.</summary>
    public async Task<RegistrationReading> QueryRegistrationAsync(RegistrationDomain domain, TimeSpan timeout, CancellationToken ct)
    {
        if (domain == RegistrationDomain.Eps) return new RegistrationReading(domain, RegistrationAnswer.Unsupported, null, "NAS", null);
        var serving = NasMessages.ReadServingSystem(await Call(NasMessages.GetServingSystem(), QmiService.Nas, timeout, ct).ConfigureAwait(false));
        return serving is null ? new RegistrationReading(domain, RegistrationAnswer.NoStatus, null, Label(domain), "NAS Get Serving System without a status")
            : Reading(domain, serving);
    }

    private static string Label(RegistrationDomain domain) => domain == RegistrationDomain.Cs ? "NAS (CS)" : "NAS (PS)";

    private static RegistrationReading Reading(RegistrationDomain domain, NasMessages.ServingSystem s)
    {
        var attached = domain == RegistrationDomain.Cs ? s.CsAttach : s.PsAttach;
        int stat = s.Registration switch
        {
            NasMessages.RegistrationState.Registered when attached == 1 => s.Roaming == true ? 5 : 1,
            NasMessages.RegistrationState.Registered or NasMessages.RegistrationState.Searching => 2,
            NasMessages.RegistrationState.Denied => 3,
            NasMessages.RegistrationState.NotRegistered => 0,
            _ => 4,
        };
        return new RegistrationReading(domain, RegistrationAnswer.Known, stat, Label(domain),
            $"NAS Serving System: {s.Registration}, {(domain == RegistrationDomain.Cs ? "CS" : "PS")} attach {attached}, {s.Rat ?? "no RAT"}{(s.Plmn is { } p ? ", PLMN " + p : "")}");
    }

    private void OnServingSystem(NasMessages.ServingSystem s)
    {
        RegistrationChanged?.Invoke(Reading(RegistrationDomain.Cs, s));
        RegistrationChanged?.Invoke(Reading(RegistrationDomain.Gprs, s));
    }

    public async Task<string> RequestAutomaticSelectionAsync(TimeSpan timeout, CancellationToken ct)
    {
        // A radio left off by another program: online again (the QMI way of "+COPS=0").
        await Call(DmsMessages.SetOperatingMode(DmsMessages.OperatingMode.Online), QmiService.Dms, timeout, ct).ConfigureAwait(false);
        return "DMS Set Operating Mode online answered success";
    }

    public async Task<NetworkReading> ReadNetworkAsync(TimeSpan timeout, CancellationToken ct)
    {
        string? op = null, rat = null;
        int? dbm = null;
        try
        {
            var serving = NasMessages.ReadServingSystem(await Modem.CallAsync(QmiService.Nas, NasMessages.GetServingSystem(), ct, timeout).ConfigureAwait(false));
            op = serving?.Description is { Length: > 0 } d ? d : serving?.Plmn;
            rat = serving?.Rat;
            var signal = NasMessages.ReadSignal(await Modem.CallAsync(QmiService.Nas, NasMessages.GetSignalStrength(), ct, timeout).ConfigureAwait(false));
            dbm = signal?.Dbm;
            rat ??= signal is null ? null : NasMessages.RadioName(signal.Radio);
        }
        catch (QmiErrorException) { }
        catch (QmiTimeoutException) { }
        return new NetworkReading(op, rat, dbm);
    }

    public Task EnterLowPowerAsync(TimeSpan timeout, CancellationToken ct) =>
        Call(DmsMessages.SetOperatingMode(DmsMessages.OperatingMode.LowPower), QmiService.Dms, timeout, ct);

    private Task<QmiTlvReader> Call(QmiRequest request, QmiService service, TimeSpan timeout, CancellationToken ct) =>
        Guard(request.Type.ToString(), () => Modem.CallAsync(service, request, ct, timeout));

    /// <summary>QMI failures become session errors that name the message and what the modem answered.</summary>
    private async Task<T> Guard<T>(string what, Func<Task<T>> call)
    {
        try { return await call().ConfigureAwait(false); }
        catch (QmiTimeoutException e)
        {
            await Modem.GiveUpAsync("silent").ConfigureAwait(false);
            throw Silent(e);
        }
        catch (QmiErrorException e) { throw new SessionException(new SessionError(ErrorCodes.GetInfoFailed, $"{what}: {e.Message}")); }
    }

    private static SessionException Silent(QmiTimeoutException e) =>
        new(new SessionError(ErrorCodes.InitializeFailed, $"{e.Message} (cdc-wdm silent)"));

    /// <summary>Our clients back to the modem (the link has stopped its call), bounded: teardown has 5 s in all.</summary>
    public async ValueTask DisposeAsync()
    {
        Modem.ServingSystem -= OnServingSystem;
        if (!Modem.Device.Closed.IsCompleted)
        {
            try { await Modem.ReleaseAsync(CancellationToken.None, TimeSpan.FromSeconds(1)).ConfigureAwait(false); }
            catch (Exception e) when (e is QmiTimeoutException or IOException or ObjectDisposedException) { }
        }
        await Modem.DisposeAsync().ConfigureAwait(false);
    }
}
