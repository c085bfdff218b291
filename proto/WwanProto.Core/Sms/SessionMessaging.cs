using WwanProto.Core.Session;

namespace WwanProto.Core.Sms;

/// <summary>
/// The session's messaging: whatever modem the session has open right now, through that modem's backend (AT on
/// the session's own channel, QMI WMS/VOICE on the session's own QMI device; no port is ever opened twice). Between modems (reset, unplug, pppd holding a
/// single port) every request is a NOT_AVAILABLE <see cref="MessagingException"/> saying why. Arrivals and
/// delivery reports of whichever backend is current come out of <see cref="Received"/> and <see cref="Reported"/>.
/// </summary>
public sealed class SessionMessaging : IMessaging
{
    private readonly Func<ModemConnection?> _modem;
    private readonly Func<ModemStatus> _status;
    private readonly Func<string> _state;
    private readonly TimeSpan _timeout;
    private readonly Action<string> _log;
    private readonly TimeSpan _hilinkWatch;
    private readonly object _gate = new();
    private ModemConnection? _for;
    private IMessaging? _backend;

    /// <param name="state">The session's state by name, for "no modem open (session backing-off)".</param>
    /// <param name="hilinkWatch">How often a HiLink stick is asked for new messages (it pushes none); default <see cref="HiLinkWatchInterval"/>.</param>
    public SessionMessaging(Func<ModemConnection?> modem, Func<ModemStatus> status, Func<string> state, TimeSpan commandTimeout, Action<string> log,
        TimeSpan? hilinkWatch = null)
    {
        _hilinkWatch = hilinkWatch ?? HiLinkWatchInterval;
        _modem = modem;
        _status = status;
        _state = state;
        _timeout = commandTimeout;
        _log = log;
    }

    /// <summary>One small GET every 5 s, as the stick's own WebUI polls its notifications.</summary>
    public static readonly TimeSpan HiLinkWatchInterval = TimeSpan.FromSeconds(5);

    public string Name => Current().Name;

    public event Action<SmsMessage>? Received;
    public event Action<SmsDeliveryReport>? Reported;

    /// <summary>The modem is registered and connected: turn new-message indications on (in the background, on the session's queue).</summary>
    public void ModemReady()
    {
        IMessaging backend;
        try { backend = Current(); }
        catch (MessagingException e)
        {
            _log($"sms: {e.Message}");
            return;
        }
        Func<CancellationToken, Task>? enable = backend switch
        {
            AtMessaging at => at.EnableNotificationsAsync,
            QmiMessaging qmi => qmi.EnableNotificationsAsync,
            _ => null,
        };
        if (enable is null) return;
        _ = Task.Run(async () =>
        {
            try { await enable(CancellationToken.None).ConfigureAwait(false); }
            catch (Exception e) when (e is MessagingException or IOException or ObjectDisposedException)
            {
                _log($"sms: new messages will not be announced: {e.Message}");
            }
        });
    }

    public Task<IReadOnlyList<SmsMessage>> ListAsync(CancellationToken ct) => Current().ListAsync(ct);
    public Task<IReadOnlyList<SmsStorageUse>> StorageAsync(CancellationToken ct) => Current().StorageAsync(ct);
    public Task<SmsMessage?> ReadAsync(string id, CancellationToken ct) => Current().ReadAsync(id, ct);
    public Task<bool> DeleteAsync(string id, CancellationToken ct) => Current().DeleteAsync(id, ct);
    public Task<SmsSent> SendAsync(string recipient, string text, bool deliveryReport, CancellationToken ct) => Current().SendAsync(recipient, text, deliveryReport, ct);
    public Task<UssdReply> UssdAsync(string text, CancellationToken ct) => Current().UssdAsync(text, ct);
    public Task UssdCancelAsync(CancellationToken ct) => Current().UssdCancelAsync(ct);

    /// <summary>The backend of the modem open now, made when the session opened another one.</summary>
    private IMessaging Current()
    {
        var modem = _modem();
        IMessaging? stale = null;
        try
        {
            lock (_gate)
            {
                if (ReferenceEquals(modem, _for) && _backend is not null && modem is not null && !modem.Control.Closed.IsCompleted) return _backend;
                stale = _backend;
                _backend = null;
                _for = null;
                if (modem is { ControlLent: true })
                    throw new MessagingException($"the control port {modem.At?.Path} is in use by pppd (a single-port modem); messages are reachable only while the link is down", "NOT_AVAILABLE");
                if (modem is null || modem.Control.Closed.IsCompleted)
                    throw new MessagingException($"no modem open (session {_state()})", "NOT_AVAILABLE");
                if (modem.Control is Qmi.QmiModemControl qmi) return Use(new QmiMessaging(qmi.Modem, _timeout, _log), modem);
                if (modem.Control is HiLink.HiLinkModemControl hilink)
                    return Use(new HiLinkMessaging((hilink.PreparedApi ?? throw new MessagingException($"the stick's web API at {hilink.Name} is not reached yet (session {_state()})", "NOT_AVAILABLE")).Client,
                        hilink.Name, _hilinkWatch, _log), modem);
                if (modem.At is not { } at)
                    throw new MessagingException($"messaging is not available through the {modem.Control.Kind} control plane ({modem.Control.Name})", "NOT_AVAILABLE");
                var huawei = _status().Manufacturer?.Contains("huawei", StringComparison.OrdinalIgnoreCase) ?? false;
                return Use(new AtMessaging(at, packedUssd: huawei, _timeout, _log), modem);
            }
        }
        finally
        {
            if (stale is not null) _ = stale.DisposeAsync().AsTask();
        }
    }

    /// <summary>The backend for <paramref name="modem"/> from now on (called under the gate).</summary>
    private IMessaging Use(IMessaging backend, ModemConnection modem)
    {
        backend.Received += m => Received?.Invoke(m);
        backend.Reported += r => Reported?.Invoke(r);
        _backend = backend;
        _for = modem;
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        IMessaging? backend;
        lock (_gate)
        {
            backend = _backend;
            _backend = null;
            _for = null;
        }
        if (backend is not null) await backend.DisposeAsync().ConfigureAwait(false);
    }
}
