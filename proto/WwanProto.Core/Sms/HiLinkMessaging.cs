using WwanProto.Core.HiLink;

namespace WwanProto.Core.Sms;

/// <summary>
/// SMS and USSD through a HiLink stick's web API (/api/sms/*, /api/ussd/*), on the session's own
/// <see cref="HiLinkClient"/>: its cookie and tokens, its one-request-at-a-time queue, so the link's supervision
/// polls between our requests and a stale session is renewed for both. The firmware keeps messages as decoded text
/// and joins concatenated parts itself (no PDUs here); it splits long texts itself when sending. Messages live in
/// the stick's own memory ("ME", index 40000 and up); ids are "ME:40001". New messages: /api/monitoring/check-
/// notifications (UnreadMessage) every <see cref="WatchInterval"/>, only while someone listens to <see cref="Received"/>.
/// Nothing here logs message texts or numbers.
/// </summary>
public sealed class HiLinkMessaging : IMessaging
{
    /// <summary>A send's outcome (send-status) and the network's USSD answer (ussd/get) are awaited this long at most.</summary>
    public static readonly TimeSpan SendBound = TimeSpan.FromSeconds(60), UssdAnswerBound = AtMessaging.UssdAnswerBound;

    /// <summary>The same bound as the AT path: the firmware's own limit is not published; beyond this we do not ask it.</summary>
    public const int MaxParts = 16;

    /// <summary>Pages read of one box at most (2,000 messages): a firmware that repeats its last page cannot loop us.</summary>
    private const int MaxPages = 40;

    private readonly HiLinkSmsApi _api;
    private readonly Action<string> _log;
    private readonly TimeSpan _pollStep;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _life = new();
    private HiLinkArrivalWatch? _watch;
    private Action<SmsMessage>? _received;

    /// <param name="watchInterval">How often check-notifications is asked while someone listens for new messages.</param>
    /// <param name="pollStep">Between two looks at send-status or ussd/get while an outcome is awaited.</param>
    public HiLinkMessaging(HiLinkClient client, string where, TimeSpan watchInterval, Action<string>? log = null, TimeSpan? pollStep = null)
    {
        _api = new HiLinkSmsApi(client);
        Name = $"the HiLink web API at {where}";
        WatchInterval = watchInterval;
        _log = log ?? (_ => { });
        _pollStep = pollStep ?? TimeSpan.FromMilliseconds(250);
    }

    public string Name { get; }

    public TimeSpan WatchInterval { get; }

    /// <summary>True while check-notifications is polled (someone listens to <see cref="Received"/>).</summary>
    public bool Watching { get { lock (_gate) return _watch is not null; } }

    /// <summary>True while the stick holds a USSD dialogue we started (until an answer ends it, or cancel).</summary>
    public bool UssdOpen { get; private set; }

    public event Action<SmsMessage>? Received
    {
        add
        {
            lock (_gate)
            {
                _received += value;
                _watch ??= HiLinkArrivalWatch.Start(_api, WatchInterval, m => _received?.Invoke(m), _log, _life.Token);
            }
        }
        remove
        {
            HiLinkArrivalWatch? stop = null;
            lock (_gate)
            {
                _received -= value;
                if (_received is null) (stop, _watch) = (_watch, null);
            }
            stop?.Stop();
        }
    }

    /// <summary>The firmware files delivery reports as messages of their own (SmsType 7/8); none are raised here.</summary>
    public event Action<SmsDeliveryReport>? Reported { add { } remove { } }

    public async Task<IReadOnlyList<SmsMessage>> ListAsync(CancellationToken ct)
    {
        var all = new List<SmsMessage>();
        foreach (var box in new[] { HiLinkSmsApi.LocalInbox, HiLinkSmsApi.LocalSent })
            foreach (var m in await BoxAsync(box, ct).ConfigureAwait(false)) all.Add(ToMessage(m, box));
        return all;
    }

    public async Task<IReadOnlyList<SmsStorageUse>> StorageAsync(CancellationToken ct)
    {
        var count = await Call(() => _api.CountAsync(ct), "GET /api/sms/sms-count").ConfigureAwait(false);
        var use = new List<SmsStorageUse>
        {
            new(SmsStorage.Modem, (count.LocalInbox ?? 0) + (count.LocalOutbox ?? 0) + (count.LocalDraft ?? 0), count.LocalMax ?? 0),
        };
        if (count.SimMax is > 0)
            use.Add(new(SmsStorage.Sim, count.SimUsed ?? (count.SimInbox ?? 0) + (count.SimOutbox ?? 0) + (count.SimDraft ?? 0), count.SimMax.Value));
        return use;
    }

    public async Task<SmsMessage?> ReadAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct).ConfigureAwait(false) is not { } message) return null;
        if (message.Status != "unread") return message;
        await Call(() => _api.SetReadAsync(message.Indices[0], ct), "POST /api/sms/set-read").ConfigureAwait(false);
        return message with { Status = "read" };
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct).ConfigureAwait(false) is not { } message) return false;
        await Call(() => _api.DeleteAsync(message.Indices[0], ct), "POST /api/sms/delete-sms").ConfigureAwait(false);
        return true;
    }

    public async Task<SmsSent> SendAsync(string recipient, string text, bool deliveryReport, CancellationToken ct)
    {
        if (deliveryReport)
            throw new MessagingException("delivery reports are a stick-wide setting of the HiLink WebUI (/api/sms/config UseSReport), which huaweiwwan does not change; send without --report", "NOT_AVAILABLE");
        // Checks recipient and length as the AT path does; the parts are what the firmware will send (TS 23.040 split).
        var parts = AtMessaging.Encode(recipient, text, false, 0).Count;
        var gsm7 = Gsm7.ToSeptets(text) is not null;
        await Call(() => _api.SendAsync(recipient, text, gsm7, DateTime.UtcNow, ct), "POST /api/sms/send-sms").ConfigureAwait(false);
        var deadline = DateTime.UtcNow + SendBound;
        HiLinkSendStatus status;
        while (true)
        {
            status = await Call(() => _api.SendStatusAsync(ct), "GET /api/sms/send-status").ConfigureAwait(false);
            if (status.Failed(recipient))
                throw new MessagingException($"the stick could not send the message to {recipient}: GET /api/sms/send-status answered FailPhone {status.FailPhone}");
            if (status.Succeeded(recipient)) break;
            if (DateTime.UtcNow >= deadline)
                throw new MessagingException($"the stick reported no outcome of the send to {recipient} within {SendBound.TotalSeconds:0} s " +
                    $"(GET /api/sms/send-status: Phone {status.Phone ?? "-"}, CurIndex {status.CurIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} of {status.TotalCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"})");
            await Task.Delay(_pollStep, ct).ConfigureAwait(false);
        }
        _log($"sms: the stick sent a message ({parts} part(s), split by its firmware)");
        return new SmsSent(recipient, [], parts);
    }

    /// <summary>
    /// The web API does not say whether the network waits for an answer: the stick holds the dialogue open until
    /// it ends or is released, so every answer is status "open" (a follow-up is just the next send).
    /// </summary>
    public async Task<UssdReply> UssdAsync(string text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 160 || Gsm7.ToSeptets(text) is null)
            throw new MessagingException($"'{text}' is not a USSD string (1–160 GSM 7-bit characters)", "INVALID_ARGUMENT");
        await Call(() => _api.UssdSendAsync(text, ct), "POST /api/ussd/send", "USSD_FAILED").ConfigureAwait(false);
        UssdOpen = true;
        var deadline = DateTime.UtcNow + UssdAnswerBound;
        while (true)
        {
            try
            {
                return new UssdReply("open", await _api.UssdGetAsync(ct).ConfigureAwait(false));
            }
            catch (HiLinkException e) when (e.Code == HiLinkErrors.UssdNoAnswerYet && DateTime.UtcNow < deadline) { }
            catch (HiLinkException e) when (e.Code == HiLinkErrors.UssdNoAnswerYet)
            {
                throw new MessagingException($"USSD: the network gave no answer within {UssdAnswerBound.TotalSeconds:0} s (GET /api/ussd/get kept answering {HiLinkErrors.Describe(e.Code.Value)})", "USSD_FAILED");
            }
            catch (HiLinkException e)
            {
                UssdOpen = false;
                throw new MessagingException($"USSD: {e.Message}", "USSD_FAILED");
            }
            await Task.Delay(_pollStep, ct).ConfigureAwait(false);
        }
    }

    public async Task UssdCancelAsync(CancellationToken ct)
    {
        await Call(() => _api.UssdReleaseAsync(ct), "GET /api/ussd/release", "USSD_FAILED").ConfigureAwait(false);
        UssdOpen = false;
    }

    /// <summary>Every message of a box, page by page (the firmware gives at most <see cref="HiLinkSmsApi.PageSize"/> a page).</summary>
    private async Task<List<HiLinkSms>> BoxAsync(int box, CancellationToken ct)
    {
        var all = new List<HiLinkSms>();
        var seen = new HashSet<int>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var p = await Call(() => _api.ListAsync(box, page, false, ct), "POST /api/sms/sms-list").ConfigureAwait(false);
            var fresh = 0;
            foreach (var m in p.Messages)
                if (seen.Add(m.Index)) { all.Add(m); fresh++; }
            if (fresh == 0 || p.Messages.Count < HiLinkSmsApi.PageSize || (p.Count is { } total && all.Count >= total)) break;
        }
        return all;
    }

    /// <summary>"ME:40001", "40001" (any storage name: the stick's indices are its own) → the message, or null.</summary>
    private async Task<SmsMessage?> FindAsync(string id, CancellationToken ct)
    {
        var (_, index) = SmsMessage.ParseId(id)
            ?? throw new MessagingException($"'{id}' is not a message id (ME:40001 or the stick's index 40001)", "INVALID_ARGUMENT");
        return (await ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(m => m.Indices[0] == index);
    }

    /// <summary>One message of sms-list as the user sees it. Box 1 is received, box 2 sent.</summary>
    public static SmsMessage ToMessage(HiLinkSms m, int box)
    {
        var status = m.Smstat switch { 0 => "unread", 1 => "read", 2 => "unsent", 3 => "sent", 4 => "failed", _ => "unknown" };
        var kind = m.SmsType is 7 or 8 ? "status-report" : box == HiLinkSmsApi.LocalSent ? "submit" : "deliver";
        DateTimeOffset? time = HiLinkSmsXml.Date(m.Date) is { } local
            ? new DateTimeOffset(local, TimeSpan.Zero) // the stick's clock as it shows it: the firmware gives no zone
            : null;
        var alphabet = Gsm7.ToSeptets(m.Content) is null ? SmsAlphabet.Ucs2 : SmsAlphabet.Gsm7;
        return new SmsMessage(SmsMessage.MakeId(SmsStorage.Modem, m.Index), SmsStorage.Modem, [m.Index], status, kind, m.Phone, time,
            m.Content, alphabet, m.SmsType == 2 ? PartsOf(m.Content) : 1, true, m.Sca);
    }

    /// <summary>How many parts the text takes by TS 23.040 (the firmware joined them and does not say).</summary>
    private static int PartsOf(string text)
    {
        try { return Math.Max(1, SmsSubmitWriter.Encode("1", text).Count); }
        catch (ArgumentException) { return 1; }
    }

    /// <summary>A web API call; its failure as a <see cref="MessagingException"/> naming the call and the stick's error code.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call, string what, string code = "SMS_FAILED")
    {
        try { return await call().ConfigureAwait(false); }
        catch (HiLinkException e) { throw Failure(e, what, code); }
    }

    private static async Task Call(Func<Task> call, string what, string code = "SMS_FAILED")
    {
        try { await call().ConfigureAwait(false); }
        catch (HiLinkException e) { throw Failure(e, what, code); }
    }

    private static MessagingException Failure(HiLinkException e, string what, string code) =>
        new(e.Message.StartsWith(what, StringComparison.Ordinal) ? e.Message : $"{what}: {e.Message}", code);

    public async ValueTask DisposeAsync()
    {
        HiLinkArrivalWatch? watch;
        lock (_gate) (watch, _watch) = (_watch, null);
        watch?.Stop();
        await _life.CancelAsync().ConfigureAwait(false);
        if (watch is not null) await watch.Finished.ConfigureAwait(false);
        _life.Dispose();
    }
}
