using WwanProto.Core.Ubus;

namespace WwanProto.Core.Sms;

/// <summary>
/// What happens when a message arrives: the ubus event `huaweiwwan.sms` (as `ubus send`; under netifd, and when
/// `up` finds a ubusd) and the hook directory (<see cref="SmsHooks"/>). One arrival at a time, in order. The log
/// line names the message's id and sender length only, never its text.
/// </summary>
public sealed class SmsArrivals
{
    public const string EventName = "huaweiwwan.sms";

    private readonly string _iface;
    private readonly Func<CancellationToken, Task<UbusConnection>>? _bus;
    private readonly SmsHooks? _hooks;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <param name="bus">The ubus connection to send the event on; null: no event (standalone without ubusd).</param>
    public SmsArrivals(string iface, Func<CancellationToken, Task<UbusConnection>>? bus, SmsHooks? hooks, Action<string> log)
    {
        _iface = iface;
        _bus = bus;
        _hooks = hooks;
        _log = log;
    }

    /// <summary>Subscribes to <paramref name="messaging"/>; the returned task of each arrival is not awaited by the modem's reader.</summary>
    public void Attach(IMessaging messaging)
    {
        messaging.Received += m => _ = OnReceivedAsync(m, CancellationToken.None);
        messaging.Reported += r => _log($"sms: delivery report for message {r.Reference}: {(r.Delivered ? "delivered" : $"not delivered (status 0x{r.Status:x2})")}");
    }

    public async Task OnReceivedAsync(SmsMessage m, CancellationToken ct)
    {
        await _one.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _log($"sms: new message {(m.Id.Length > 0 ? m.Id : "(not stored)")}, {m.Parts} part(s)");
            if (_bus is not null)
            {
                try
                {
                    var w = new BlobWriter();
                    w.String("interface", _iface);
                    MessagingUbus.WriteMessageMembers(w, m);
                    var connection = await _bus(ct).ConfigureAwait(false);
                    await connection.SendEventAsync(EventName, w.ToArray(), ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is UbusException or IOException or ObjectDisposedException)
                {
                    _log($"sms: event {EventName} not sent: {e.Message}");
                }
            }
            if (_hooks is not null) await _hooks.RunAsync(m, ct).ConfigureAwait(false);
        }
        finally { _one.Release(); }
    }
}
