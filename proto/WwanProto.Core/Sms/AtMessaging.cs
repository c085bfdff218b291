using System.Globalization;
using WwanProto.Core.At;

namespace WwanProto.Core.Sms;

/// <summary>
/// SMS and USSD over AT (3GPP TS 27.005 in PDU mode, TS 27.007 §7.15), on the session's own channel: every
/// command queues behind the session's, the port is never opened a second time. One request at a time holds the
/// message storage selection (+CPMS), so a list and a delete cannot interleave their storages. New messages come
/// as +CMTI (stored; +CNMI=2,1) or +CMT (routed to us directly, for modems set that way), delivery reports as +CDS.
/// Nothing here logs message texts or numbers: they are the user's data.
/// </summary>
public sealed class AtMessaging : IMessaging
{
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(30), SendTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the network may take to answer a USSD request (TS 24.090 allows tens of seconds).</summary>
    public static readonly TimeSpan UssdAnswerBound = TimeSpan.FromSeconds(30);

    private const int MaxParts = 16;

    private readonly IAtChannel _at;
    private readonly bool _packedUssd;
    private readonly TimeSpan _timeout;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _storageLock = new(1, 1);
    private readonly object _gate = new();
    private readonly SmsArrivalFilter _arrivals = new();
    private TaskCompletionSource<UssdReply>? _ussdWaiter;
    private string? _urcHeader;
    private bool _pduMode;
    private IReadOnlyList<string>? _storages;
    private int _nextReference = Random.Shared.Next(256);

    /// <param name="packedUssd">The Huawei way: USSD strings as packed GSM 7-bit in hex (<see cref="UssdCodec"/>).</param>
    public AtMessaging(IAtChannel at, bool packedUssd, TimeSpan commandTimeout, Action<string>? log = null)
    {
        _at = at;
        _packedUssd = packedUssd;
        _timeout = commandTimeout;
        _log = log ?? (_ => { });
        _at.Urc += OnUrc;
    }

    public string Name => "AT on " + _at.Path;

    public event Action<SmsMessage>? Received;
    public event Action<SmsDeliveryReport>? Reported;

    /// <summary>PDU mode and new-message indications (+CNMI=2,1,0,1,0: store and tell, reports routed). An ERROR to +CNMI is logged, not fatal: listing still works.</summary>
    public async Task EnableNotificationsAsync(CancellationToken ct)
    {
        await PduModeAsync(ct).ConfigureAwait(false);
        var cnmi = await _at.SendAsync("AT+CNMI=2,1,0,1,0", _timeout, ct).ConfigureAwait(false);
        if (!cnmi.IsOk)
        {
            // Some firmware takes no status-report routing: without it, messages are still announced.
            var plain = await _at.SendAsync("AT+CNMI=2,1,0,0,0", _timeout, ct).ConfigureAwait(false);
            _log(plain.IsOk ? $"sms: {cnmi.Describe()}; new messages are announced, delivery reports are not"
                : $"sms: new messages are not announced: {plain.Describe()}");
        }
    }

    public async Task<IReadOnlyList<SmsMessage>> ListAsync(CancellationToken ct)
    {
        await _storageLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var all = new List<SmsMessage>();
            foreach (var storage in await StoragesAsync(ct).ConfigureAwait(false))
                all.AddRange(await ListStorageAsync(storage, ct).ConfigureAwait(false));
            return all;
        }
        finally { _storageLock.Release(); }
    }

    public async Task<IReadOnlyList<SmsStorageUse>> StorageAsync(CancellationToken ct)
    {
        await _storageLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var use = new List<SmsStorageUse>();
            foreach (var storage in await StoragesAsync(ct).ConfigureAwait(false))
            {
                var answer = await SelectAsync(storage, ct).ConfigureAwait(false);
                if (answer.Line("+CPMS:") is { } line && ParseUse(line) is { } counts) use.Add(new SmsStorageUse(storage, counts.Used, counts.Total));
            }
            return use;
        }
        finally { _storageLock.Release(); }
    }

    public async Task<SmsMessage?> ReadAsync(string id, CancellationToken ct) =>
        await OnEveryPartAsync(id, "AT+CMGR=", "reading", ct).ConfigureAwait(false) is { } message
            ? message.Status == "unread" ? message with { Status = "read" } : message
            : null;

    public async Task<bool> DeleteAsync(string id, CancellationToken ct) =>
        await OnEveryPartAsync(id, "AT+CMGD=", "deleting", ct).ConfigureAwait(false) is not null;

    /// <summary>Finds message <paramref name="id"/> and sends <paramref name="command"/> with each part's index; null when it is not there.</summary>
    private async Task<SmsMessage?> OnEveryPartAsync(string id, string command, string doing, CancellationToken ct)
    {
        var (storage, index) = ParseId(id);
        await _storageLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var message = Find(await ListStorageAsync(storage, ct).ConfigureAwait(false), index);
            if (message is null) return null;
            foreach (var i in message.Indices)
            {
                var answer = await _at.SendAsync($"{command}{i}", _timeout, ct).ConfigureAwait(false);
                if (!answer.IsOk) throw Failed(answer, $"{doing} message {id}");
            }
            return message;
        }
        finally { _storageLock.Release(); }
    }

    public async Task<SmsSent> SendAsync(string recipient, string text, bool deliveryReport, CancellationToken ct)
    {
        var pdus = Encode(recipient, text, deliveryReport, Interlocked.Increment(ref _nextReference) & 0xFF);
        await PduModeAsync(ct).ConfigureAwait(false);
        var references = new List<int>(pdus.Count);
        for (var i = 0; i < pdus.Count; i++)
        {
            var answer = await _at.SendWithPromptAsync($"AT+CMGS={pdus[i].TpduLength}", pdus[i].Hex, SendTimeout, ct).ConfigureAwait(false);
            if (!answer.IsOk)
                throw Failed(answer, pdus.Count == 1 ? "sending the message" : $"sending part {i + 1} of {pdus.Count}" + (i > 0 ? $" ({i} already sent)" : ""));
            var mr = answer.Line("+CMGS:") is { } line && int.TryParse(line[6..].Trim().Split(',')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : -1;
            references.Add(mr);
        }
        _log($"sms: sent a message in {pdus.Count} part(s)");
        return new SmsSent(recipient, references, pdus.Count);
    }

    /// <summary>The PDUs for a text, or an INVALID_ARGUMENT naming what is wrong with recipient or text.</summary>
    public static IReadOnlyList<SubmitPdu> Encode(string recipient, string text, bool deliveryReport, int reference)
    {
        if (string.IsNullOrEmpty(text)) throw new MessagingException("the text is empty", "INVALID_ARGUMENT");
        IReadOnlyList<SubmitPdu> pdus;
        try
        {
            pdus = SmsSubmitWriter.Encode(recipient, text, statusReport: deliveryReport, concatReference: reference);
        }
        catch (ArgumentException e)
        {
            throw new MessagingException($"recipient: {e.Message.Split(" (Parameter")[0]}", "INVALID_ARGUMENT");
        }
        if (pdus.Count > MaxParts)
            throw new MessagingException($"the text needs {pdus.Count} parts; at most {MaxParts} are sent ({text.Length} characters)", "INVALID_ARGUMENT");
        return pdus;
    }

    public async Task<UssdReply> UssdAsync(string text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 160 || UssdCodec.Encode(text, _packedUssd) is not { } encoded || encoded.Contains('"'))
            throw new MessagingException($"'{text}' is not a USSD string (1–160 GSM 7-bit characters, no quotes)", "INVALID_ARGUMENT");
        var waiter = new TaskCompletionSource<UssdReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _ussdWaiter = waiter;
        try
        {
            var answer = await _at.SendAsync($"AT+CUSD=1,\"{encoded}\",15", _timeout, ct).ConfigureAwait(false);
            // Some firmware prints the +CUSD: answer before OK, as an information line.
            if (answer.Line("+CUSD:") is { } inline && UssdCodec.Parse(inline, _packedUssd) is { } early) return early;
            if (!answer.IsOk) throw Failed(answer, "the USSD request", "USSD_FAILED");
            try
            {
                return await waiter.Task.WaitAsync(UssdAnswerBound, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new MessagingException($"USSD: the network gave no +CUSD: answer within {UssdAnswerBound.TotalSeconds:0} s (AT+CUSD=1 answered OK)", "USSD_FAILED");
            }
        }
        finally
        {
            lock (_gate) if (_ussdWaiter == waiter) _ussdWaiter = null;
        }
    }

    public async Task UssdCancelAsync(CancellationToken ct)
    {
        var answer = await _at.SendAsync("AT+CUSD=2", _timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk) throw Failed(answer, "ending the USSD dialogue", "USSD_FAILED");
    }

    private async Task PduModeAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _pduMode)) return;
        var answer = await _at.SendAsync("AT+CMGF=0", _timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk) throw Failed(answer, "switching to PDU mode");
        Volatile.Write(ref _pduMode, true);
    }

    /// <summary>SM and ME as far as +CPMS=? offers them (the SIM alone when it does not say).</summary>
    private async Task<IReadOnlyList<string>> StoragesAsync(CancellationToken ct)
    {
        if (_storages is { } known) return known;
        await PduModeAsync(ct).ConfigureAwait(false);
        var answer = await _at.SendAsync("AT+CPMS=?", _timeout, ct).ConfigureAwait(false);
        var offered = answer.IsOk && answer.Line("+CPMS:") is { } line ? FirstList(line) : [];
        var storages = new List<string>();
        foreach (var s in new[] { SmsStorage.Sim, SmsStorage.Modem })
            if (offered.Contains(s)) storages.Add(s);
        if (storages.Count == 0) storages.Add(SmsStorage.Sim);
        _storages = storages;
        return storages;
    }

    private async Task<AtResponse> SelectAsync(string storage, CancellationToken ct)
    {
        await PduModeAsync(ct).ConfigureAwait(false);
        var answer = await _at.SendAsync($"AT+CPMS=\"{storage}\"", _timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk) throw Failed(answer, $"selecting the {StorageName(storage)} storage");
        return answer;
    }

    private async Task<IReadOnlyList<SmsMessage>> ListStorageAsync(string storage, CancellationToken ct)
    {
        await SelectAsync(storage, ct).ConfigureAwait(false);
        var answer = await _at.SendAsync("AT+CMGL=4", ListTimeout, ct).ConfigureAwait(false);
        if (!answer.IsOk) throw Failed(answer, $"listing the {StorageName(storage)} storage");
        var (stored, broken) = ParseListing(storage, answer.Lines);
        var messages = new List<SmsMessage>(SmsAssembler.Assemble(stored));
        messages.AddRange(broken);
        return messages;
    }

    /// <summary>"+CMGL: index,stat,[alpha],length" lines each followed by the PDU; a PDU that does not decode is kept as its hex.</summary>
    public static (List<StoredPdu> Stored, List<SmsMessage> Broken) ParseListing(string storage, IReadOnlyList<string> lines)
    {
        var stored = new List<StoredPdu>();
        var broken = new List<SmsMessage>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith("+CMGL:", StringComparison.OrdinalIgnoreCase)) continue;
            var fields = line[6..].Split(',');
            if (fields.Length < 2 || !int.TryParse(fields[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || !int.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var stat)) continue;
            if (i + 1 >= lines.Count || !AtCommandShape.IsHex(lines[i + 1])) continue;
            var hex = lines[++i].Trim();
            if (SmsPduReader.Read(hex) is { } pdu) stored.Add(new StoredPdu(storage, index, stat, pdu));
            else broken.Add(new SmsMessage(SmsMessage.MakeId(storage, index), storage, [index], SmsAssembler.StatName(stat), "undecodable", "", null,
                hex, SmsAlphabet.EightBit, 1, true, ""));
        }
        return (stored, broken);
    }

    private static SmsMessage? Find(IReadOnlyList<SmsMessage> messages, int index) =>
        messages.FirstOrDefault(m => m.Indices.Contains(index));

    private static (string Storage, int Index) ParseId(string id) =>
        SmsMessage.ParseId(id) ?? throw new MessagingException($"'{id}' is not a message id (SM:3, ME:0 or a SIM index)", "INVALID_ARGUMENT");

    private static string StorageName(string storage) => storage == SmsStorage.Sim ? "SIM (SM)" : "modem (ME)";

    /// <summary>"+CPMS: ("ME","MT","SM","SR"),(...),(...)" → the first list.</summary>
    private static List<string> FirstList(string line)
    {
        var open = line.IndexOf('(');
        var close = open < 0 ? -1 : line.IndexOf(')', open);
        var list = open < 0 ? line[6..] : close < 0 ? line[(open + 1)..] : line[(open + 1)..close];
        return list.Split(',').Select(s => s.Trim().Trim('"').ToUpperInvariant()).ToList();
    }

    /// <summary>"+CPMS: 3,20,3,20,3,20" (the set answer) or "+CPMS: "SM",3,20,..." (the query): used and total of the first storage.</summary>
    public static (int Used, int Total)? ParseUse(string line)
    {
        var numbers = line[6..].Split(',').Select(f => f.Trim()).Where(f => f.Length > 0 && f.All(char.IsAsciiDigit)).Take(2).ToArray();
        return numbers.Length == 2 ? (int.Parse(numbers[0], CultureInfo.InvariantCulture), int.Parse(numbers[1], CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>"sending the message: AT+CMGS=23 answered +CMS ERROR: 330 (SMSC address unknown)".</summary>
    private static MessagingException Failed(AtResponse answer, string what, string code = "SMS_FAILED")
    {
        var said = answer.Describe();
        if (answer.Final == AtFinal.CmsError && answer.ErrorCode is { } cms) said += $" ({CmsErrors.Meaning(cms)})";
        if (answer.Final == AtFinal.CmsError && answer.ErrorCode is 322) code = "STORAGE_FULL";
        return new MessagingException($"{what}: {said}", code);
    }

    // ---- unsolicited: +CMTI, +CMT + PDU, +CDS + PDU, +CUSD ----

    private void OnUrc(string line)
    {
        var t = line.Trim();
        string? header;
        lock (_gate)
        {
            header = _urcHeader;
            _urcHeader = null;
        }
        if (header is not null && AtCommandShape.IsHex(t))
        {
            OnPdu(header, t);
            return;
        }
        if (t.StartsWith("+CMT:", StringComparison.OrdinalIgnoreCase) || t.StartsWith("+CDS:", StringComparison.OrdinalIgnoreCase))
        {
            lock (_gate) _urcHeader = t[..4].ToUpperInvariant();
            return;
        }
        if (t.StartsWith("+CMTI:", StringComparison.OrdinalIgnoreCase))
        {
            var fields = t[6..].Split(',');
            if (fields.Length == 2 && int.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                var storage = fields[0].Trim().Trim('"').ToUpperInvariant();
                _ = Task.Run(() => StoredArrivalAsync(storage, index));
            }
            return;
        }
        if (t.StartsWith("+CUSD:", StringComparison.OrdinalIgnoreCase) && UssdCodec.Parse(t, _packedUssd) is { } reply)
        {
            TaskCompletionSource<UssdReply>? waiter;
            lock (_gate) waiter = _ussdWaiter;
            if (waiter is null) _log($"sms: a USSD answer ({reply.Status}) came with no request waiting");
            waiter?.TrySetResult(reply);
        }
    }

    private void OnPdu(string header, string hex)
    {
        var pdu = SmsPduReader.Read(hex);
        if (pdu is SmsStatusReport report)
        {
            Raise(() => Reported?.Invoke(new SmsDeliveryReport(report.Reference, report.Recipient, report.Delivered, report.Status, report.DischargeTime)));
            return;
        }
        if (header != "+CMT" || pdu is not SmsDeliver deliver) return;
        foreach (var m in _arrivals.Routed(deliver)) Raise(() => Received?.Invoke(m));
    }

    /// <summary>+CMTI: the message is in storage; tell once all its parts are.</summary>
    private async Task StoredArrivalAsync(string storage, int index)
    {
        try
        {
            if (!SmsStorage.IsKnown(storage)) return;
            await _storageLock.WaitAsync().ConfigureAwait(false);
            IReadOnlyList<SmsMessage> messages;
            try { messages = await ListStorageAsync(storage, CancellationToken.None).ConfigureAwait(false); }
            finally { _storageLock.Release(); }
            // Each part's +CMTI finds the message complete once the last is in: it is told once.
            if (Find(messages, index) is not { Complete: true } message || !_arrivals.FirstTime(message)) return;
            Raise(() => Received?.Invoke(message));
        }
        catch (Exception e) when (e is MessagingException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            _log($"sms: a new message in {storage} could not be read: {e.Message}");
        }
    }

    private void Raise(Action raise) => SmsArrivalFilter.Raise(raise, _log);

    public ValueTask DisposeAsync()
    {
        _at.Urc -= OnUrc;
        lock (_gate) _ussdWaiter?.TrySetException(new MessagingException("the modem was closed", "NOT_AVAILABLE"));
        return ValueTask.CompletedTask;
    }
}
