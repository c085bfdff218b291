using WwanProto.Core.HiLink;

namespace WwanProto.Core.Sms;

/// <summary>
/// New messages on a HiLink stick, which pushes nothing: every interval one GET /api/monitoring/check-notifications;
/// when UnreadMessage changes to a number above 0, the first inbox page (unread first) is read and each unread
/// message not announced before is announced. Messages already unread when the watch starts are not announced
/// (as the AT path announces only what +CMTI tells). A message read and a new one arriving between two looks leave
/// UnreadMessage unchanged: that new one is announced at the next change, or not at all; listing still shows it.
/// A failing look is logged once and retried at the next interval; the watch never touches the link.
/// </summary>
internal sealed class HiLinkArrivalWatch
{
    private readonly HiLinkSmsApi _api;
    private readonly TimeSpan _interval;
    private readonly Action<SmsMessage> _announce;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop;
    private readonly HashSet<int> _unread = [];
    private int? _lastCount;
    private bool _baseline;
    private string? _lastError;

    private HiLinkArrivalWatch(HiLinkSmsApi api, TimeSpan interval, Action<SmsMessage> announce, Action<string> log, CancellationToken life)
    {
        _api = api;
        _interval = interval;
        _announce = announce;
        _log = log;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(life);
    }

    public Task Finished { get; private set; } = Task.CompletedTask;

    public static HiLinkArrivalWatch Start(HiLinkSmsApi api, TimeSpan interval, Action<SmsMessage> announce, Action<string> log, CancellationToken life)
    {
        var watch = new HiLinkArrivalWatch(api, interval, announce, log, life);
        watch.Finished = Task.Run(() => watch.RunAsync(watch._stop.Token));
        return watch;
    }

    public void Stop()
    {
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await LookAsync(ct).ConfigureAwait(false);
                    _lastError = null;
                }
                catch (HiLinkException e)
                {
                    if (e.Message != _lastError) _log($"sms: looking for new messages failed: {e.Message}");
                    _lastError = e.Message;
                }
                await Task.Delay(_interval, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { }
        finally { _stop.Dispose(); }
    }

    /// <summary>One look: the unread count, and when it changed, the unread messages themselves.</summary>
    public async Task LookAsync(CancellationToken ct)
    {
        var count = (await _api.NotificationsAsync(ct).ConfigureAwait(false)).UnreadMessage ?? 0;
        if (_baseline && count == _lastCount) return;
        var unread = new List<SmsMessage>();
        if (count > 0)
        {
            var page = await _api.ListAsync(HiLinkSmsApi.LocalInbox, 1, unreadFirst: true, ct).ConfigureAwait(false);
            foreach (var m in page.Messages)
                if (m.Smstat == 0) unread.Add(HiLinkMessaging.ToMessage(m, HiLinkSmsApi.LocalInbox));
        }
        var fresh = unread.Where(m => !_unread.Contains(m.Indices[0])).ToList();
        // Read or deleted messages leave the set, so an index the firmware hands out again is announced again.
        _unread.Clear();
        foreach (var m in unread) _unread.Add(m.Indices[0]);
        _lastCount = count;
        if (!_baseline)
        {
            _baseline = true;
            return;
        }
        // Oldest first, as they arrived.
        fresh.Sort((a, b) => a.Indices[0].CompareTo(b.Indices[0]));
        foreach (var m in fresh) _announce(m);
    }
}
