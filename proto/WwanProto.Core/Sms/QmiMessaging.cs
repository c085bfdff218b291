using WwanProto.Core.Qmi;

namespace WwanProto.Core.Sms;

/// <summary>
/// SMS over QMI WMS on the session's own QMI device (its own WMS client next to the link's DMS/NAS/WDS clients;
/// /dev/cdc-wdm is never opened a second time, and WMS transactions interleave with the link's supervision
/// queries instead of queueing behind them). The SIM's storage (UIM) is "SM", the modem's (NV) "ME", as on AT.
/// Listing reads each message with Raw Read, which leaves its tag alone; reading marks every part read with Modify
/// Tag. New messages come as Event Report indications (stored: read and announced once complete; transfer-route:
/// acknowledged when the modem asks, announced without an id); delivery reports come as transfer-route status
/// reports once the routes say so. USSD is <see cref="QmiUssd"/>. Nothing here logs texts or numbers.
/// </summary>
public sealed class QmiMessaging : IMessaging
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);

    private readonly QmiModem _qmi;
    private readonly TimeSpan _timeout;
    private readonly Action<string> _log;
    private readonly QmiUssd _ussd;
    private readonly SmsArrivalFilter _arrivals = new();
    private int _client = -1;
    private int _nextReference = Random.Shared.Next(256);

    public QmiMessaging(QmiModem qmi, TimeSpan commandTimeout, Action<string>? log = null)
    {
        _qmi = qmi;
        _timeout = commandTimeout;
        _log = log ?? (_ => { });
        _ussd = new QmiUssd(qmi, commandTimeout, _log);
        _qmi.Device.Indication += OnIndication;
    }

    public string Name => "QMI WMS on " + _qmi.Path;

    public event Action<SmsMessage>? Received;
    public event Action<SmsDeliveryReport>? Reported;

    private static readonly (string Name, WmsMessages.Storage Storage)[] Storages = [(SmsStorage.Sim, WmsMessages.Storage.Uim), (SmsStorage.Modem, WmsMessages.Storage.Nv)];

    private static WmsMessages.Storage StorageOf(string name) => name == SmsStorage.Modem ? WmsMessages.Storage.Nv : WmsMessages.Storage.Uim;

    /// <summary>
    /// Event Report indications for new messages; routes that store class 0/1 messages and notify (into NV when
    /// they did not store at all) with status reports transferred to us; USSD indications. A refusal is logged:
    /// listing and sending still work.
    /// </summary>
    public async Task EnableNotificationsAsync(CancellationToken ct)
    {
        try
        {
            await CallAsync(WmsMessages.SetEventReport(true), "turning new-message indications on", ct).ConfigureAwait(false);
            await EnsureRoutesAsync(ct).ConfigureAwait(false);
        }
        catch (MessagingException e) { _log($"sms: new messages will not be announced: {e.Message}"); }
        try { await _ussd.EnableAsync(ct).ConfigureAwait(false); }
        catch (Exception e) when (e is MessagingException or QmiErrorException) { _log($"sms: {e.Message}"); }
    }

    private async Task EnsureRoutesAsync(CancellationToken ct)
    {
        var routes = WmsMessages.ReadRoutes(await CallAsync(WmsMessages.GetRoutes(), "reading the message routes", ct).ConfigureAwait(false));
        var stored = routes?.List.Where(r => r.MessageClass is 0 or 1 && r.Action == WmsMessages.ReceiptAction.StoreAndNotify).ToList() ?? [];
        if (stored.Count == 2 && routes!.TransferStatusReports) return;
        var storage = stored.Count > 0 ? stored[0].Storage : WmsMessages.Storage.Nv;
        var wanted = new[] { (byte)0, (byte)1 }.Select(c => new WmsMessages.Route(WmsMessages.PointToPoint, c, storage, WmsMessages.ReceiptAction.StoreAndNotify)).ToList();
        await CallAsync(WmsMessages.SetRoutes(wanted, transferStatusReports: true), "setting the message routes", ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SmsMessage>> ListAsync(CancellationToken ct)
    {
        var all = new List<SmsMessage>();
        foreach (var (name, _) in Storages) all.AddRange(await ListStorageAsync(name, ct).ConfigureAwait(false));
        return all;
    }

    public async Task<IReadOnlyList<SmsStorageUse>> StorageAsync(CancellationToken ct)
    {
        var use = new List<SmsStorageUse>();
        foreach (var (name, storage) in Storages)
        {
            var size = WmsMessages.ReadStoreSize(await CallAsync(WmsMessages.GetStoreMaxSize(storage), $"reading the size of the {StorageName(name)} storage", ct).ConfigureAwait(false));
            if (size is null) continue;
            var used = size.Free is { } free && free <= size.Max ? (int)(size.Max - free)
                : (await ListIndicesAsync(storage, name, ct).ConfigureAwait(false)).Count;
            use.Add(new SmsStorageUse(name, used, (int)Math.Min(size.Max, int.MaxValue)));
        }
        return use;
    }

    public async Task<SmsMessage?> ReadAsync(string id, CancellationToken ct)
    {
        var (name, index) = ParseId(id);
        var message = Find(await ListStorageAsync(name, ct).ConfigureAwait(false), index);
        if (message is null) return null;
        if (message.Status != "unread") return message;
        foreach (var i in message.Indices)
            await CallAsync(WmsMessages.ModifyTag(StorageOf(name), (uint)i, WmsMessages.Tag.MtRead), $"marking message {id} read", ct).ConfigureAwait(false);
        return message with { Status = "read" };
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var (name, index) = ParseId(id);
        var message = Find(await ListStorageAsync(name, ct).ConfigureAwait(false), index);
        if (message is null) return false;
        foreach (var i in message.Indices)
            await CallAsync(WmsMessages.Delete(StorageOf(name), (uint)i), $"deleting message {id}", ct).ConfigureAwait(false);
        return true;
    }

    public async Task<SmsSent> SendAsync(string recipient, string text, bool deliveryReport, CancellationToken ct)
    {
        var pdus = AtMessaging.Encode(recipient, text, deliveryReport, Interlocked.Increment(ref _nextReference) & 0xFF);
        var references = new List<int>(pdus.Count);
        for (var i = 0; i < pdus.Count; i++)
        {
            var what = pdus.Count == 1 ? "sending the message" : $"sending part {i + 1} of {pdus.Count}" + (i > 0 ? $" ({i} already sent)" : "");
            // The PDU with its SMSC field ("00": the SMSC stored on the SIM), as WMS takes GSM/WCDMA raw data.
            var answer = await CallAsync(WmsMessages.RawSend(Convert.FromHexString(pdus[i].Hex)), what, ct, SendTimeout).ConfigureAwait(false);
            references.Add(WmsMessages.ReadMessageId(answer) is { } mr ? mr : -1);
        }
        _log($"sms: sent a message in {pdus.Count} part(s)");
        return new SmsSent(recipient, references, pdus.Count);
    }

    public Task<UssdReply> UssdAsync(string text, CancellationToken ct) => _ussd.SendAsync(text, ct);
    public Task UssdCancelAsync(CancellationToken ct) => _ussd.CancelAsync(ct);

    private async Task<IReadOnlyList<WmsMessages.Listed>> ListIndicesAsync(WmsMessages.Storage storage, string name, CancellationToken ct) =>
        WmsMessages.ReadList(await CallAsync(WmsMessages.ListMessages(storage), $"listing the {StorageName(name)} storage", ct).ConfigureAwait(false))
        ?? throw new MessagingException($"listing the {StorageName(name)} storage: WMS List Messages answered without a message list");

    private async Task<IReadOnlyList<SmsMessage>> ListStorageAsync(string name, CancellationToken ct)
    {
        var storage = StorageOf(name);
        var stored = new List<StoredPdu>();
        var broken = new List<SmsMessage>();
        foreach (var listed in await ListIndicesAsync(storage, name, ct).ConfigureAwait(false))
        {
            var index = (int)Math.Min(listed.Index, int.MaxValue);
            WmsMessages.RawMessage? raw;
            try
            {
                raw = WmsMessages.ReadRaw(await CallAsync(WmsMessages.RawRead(storage, listed.Index), $"reading message {SmsMessage.MakeId(name, index)}", ct).ConfigureAwait(false));
            }
            catch (MessagingException e) when (e.Code == "NOT_FOUND") { continue; } // deleted between the list and the read
            var stat = Stat(raw?.Tag ?? listed.Tag);
            if (raw is { Format: WmsMessages.Format.GsmWcdmaPointToPoint } && SmsPduReader.Read(raw.Data) is { } pdu)
                stored.Add(new StoredPdu(name, index, stat, pdu));
            else
                broken.Add(new SmsMessage(SmsMessage.MakeId(name, index), name, [index], SmsAssembler.StatName(stat), "undecodable", "", null,
                    raw is null ? "" : Convert.ToHexString(raw.Data), SmsAlphabet.EightBit, 1, true, ""));
        }
        var messages = new List<SmsMessage>(SmsAssembler.Assemble(stored));
        messages.AddRange(broken);
        return messages;
    }

    /// <summary>WMS tag → the +CMGL stat the assembler and the ubus methods name: 0 unread, 1 read, 2 unsent, 3 sent.</summary>
    public static int Stat(WmsMessages.Tag tag) => tag switch
    {
        WmsMessages.Tag.MtNotRead => 0,
        WmsMessages.Tag.MtRead => 1,
        WmsMessages.Tag.MoNotSent => 2,
        _ => 3,
    };

    /// <summary>A WMS request on our client; failures become <see cref="MessagingException"/>s naming what was done, the message and the QMI error.</summary>
    private async Task<QmiTlvReader> CallAsync(QmiRequest request, string what, CancellationToken ct, TimeSpan? timeout = null)
    {
        try
        {
            var cid = await _qmi.ClientAsync(QmiService.Wms, ct).ConfigureAwait(false);
            Volatile.Write(ref _client, cid);
            return await _qmi.Device.CallAsync(cid, request, timeout ?? _timeout, ct).ConfigureAwait(false);
        }
        catch (QmiErrorException e)
        {
            var details = WmsMessages.ReadSendFailure(e.Answer) is { } f ? " (" + WmsCauses.Describe(f) + ")" : "";
            if (e.Error == QmiError.WmsSmscAddress) details += await SmscHintAsync(ct).ConfigureAwait(false);
            var code = e.Error switch
            {
                QmiError.DeviceStorageFull => "STORAGE_FULL",
                QmiError.InvalidIndex or QmiError.NoEntry when request.Type.Id != QmiMessages.WmsRawSend.Id => "NOT_FOUND",
                QmiError.InvalidServiceType or QmiError.InvalidQmiCommand when request.Type.Id == QmiMessages.WmsListMessages.Id => "NOT_AVAILABLE",
                _ => "SMS_FAILED",
            };
            throw new MessagingException($"{what}: {e.Message}{details}", code);
        }
        catch (QmiTimeoutException e) { throw new MessagingException($"{what}: {e.Message}", "NOT_AVAILABLE"); }
    }

    /// <summary>What the modem holds as SMSC (Get SMSC Address), for an error about it: "; ... none stored".</summary>
    private async Task<string> SmscHintAsync(CancellationToken ct)
    {
        try
        {
            var smsc = WmsMessages.ReadSmsc(await _qmi.CallAsync(QmiService.Wms, WmsMessages.GetSmscAddress(), ct, _timeout).ConfigureAwait(false));
            return $"; WMS Get SMSC Address: {(smsc is { Address.Length: > 0 } s ? s.Address : "none stored")}";
        }
        catch (Exception e) when (e is QmiErrorException or QmiTimeoutException) { return $"; {e.Message}"; }
    }

    private static SmsMessage? Find(IReadOnlyList<SmsMessage> messages, int index) => messages.FirstOrDefault(m => m.Indices.Contains(index));

    private static (string Storage, int Index) ParseId(string id) =>
        SmsMessage.ParseId(id) ?? throw new MessagingException($"'{id}' is not a message id (SM:3, ME:0 or a SIM index)", "INVALID_ARGUMENT");

    private static string StorageName(string storage) => storage == SmsStorage.Sim ? "SIM (UIM)" : "modem (NV)";

    // ---- indications: Event Report ----

    private void OnIndication(QmiMessage m)
    {
        var client = Volatile.Read(ref _client);
        if (m.Service != QmiService.Wms || m.Kind != QmiMessageKind.Indication || m.MessageId != QmiMessages.WmsSetEventReport.Id) return;
        if (m.ClientId != client && m.ClientId != 0xFF) return;
        if (WmsMessages.ReadEventReport(new QmiTlvReader(m)) is not { } report) return;
        if (report.Routed is { } routed) OnRouted(routed);
        if (report.Stored is { } stored && stored.Storage is WmsMessages.Storage.Uim or WmsMessages.Storage.Nv)
            _ = Task.Run(() => StoredArrivalAsync(stored.Storage == WmsMessages.Storage.Nv ? SmsStorage.Modem : SmsStorage.Sim, (int)Math.Min(stored.Index, int.MaxValue)));
    }

    /// <summary>A transfer-route message: acknowledged when the modem asks (else the network sends it again), then told.</summary>
    private void OnRouted(WmsMessages.RoutedArrival routed)
    {
        if (routed.AckRequired)
            _ = Task.Run(async () =>
            {
                try { await CallAsync(WmsMessages.SendAck(routed.TransactionId, success: true), "acknowledging a routed message", CancellationToken.None).ConfigureAwait(false); }
                catch (Exception e) when (e is MessagingException or IOException or ObjectDisposedException) { _log($"sms: {e.Message}"); }
            });
        if (routed.Format != WmsMessages.Format.GsmWcdmaPointToPoint) return;
        var pdu = SmsPduReader.Read(routed.Tpdu, withSmsc: false);
        if (pdu is SmsStatusReport r)
        {
            Raise(() => Reported?.Invoke(new SmsDeliveryReport(r.Reference, r.Recipient, r.Delivered, r.Status, r.DischargeTime)));
            return;
        }
        if (pdu is not SmsDeliver deliver) return;
        foreach (var m in _arrivals.Routed(deliver)) Raise(() => Received?.Invoke(m));
    }

    /// <summary>A stored arrival: told once all parts of its message are in.</summary>
    private async Task StoredArrivalAsync(string storage, int index)
    {
        try
        {
            if (Find(await ListStorageAsync(storage, CancellationToken.None).ConfigureAwait(false), index) is not { Complete: true } message
                || !_arrivals.FirstTime(message)) return;
            Raise(() => Received?.Invoke(message));
        }
        catch (Exception e) when (e is MessagingException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            _log($"sms: a new message in {storage} could not be read: {e.Message}");
        }
    }

    private void Raise(Action raise) => SmsArrivalFilter.Raise(raise, _log);

    public async ValueTask DisposeAsync()
    {
        _qmi.Device.Indication -= OnIndication;
        await _ussd.DisposeAsync().ConfigureAwait(false);
    }
}
