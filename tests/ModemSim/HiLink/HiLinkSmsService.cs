using System.Globalization;
using System.Text;
using WwanProto.Core.Sms;
using WwanProto.ModemSim.Engine;
using WwanProto.ModemSim.Sms;

namespace WwanProto.ModemSim.HiLink;

/// <summary>
/// The SMS and USSD part of the stick's web API over the simulator's message memories (<see cref="SmsNetwork"/>):
/// the firmware keeps its messages in its own memory (ME, "local", LocalMax 500 as E3372h answers), decodes them and
/// joins concatenated parts itself, and numbers them from 40000 (first part's slot + 40000). Answers and element
/// names as recorded from E3372h firmware (Messages/Message, Smstat, Index, Phone, Content, Date, Sca, SaveType,
/// Priority, SmsType); a send is asynchronous (send-status: CurIndex 0 until the network took it, then SucPhone or
/// FailPhone); a USSD answer is there 300 ms after the send (ussd/get answers 111019 before). Errors: 113017 illegal
/// argument, 113053 local memory full, 113054 number too long, 113114 no such message, 111016 empty USSD command.
/// Our choices where no recording says: ReadCount over 50 is 113017; USSD without registration is 111018.
/// All members run under the firmware's lock; the memories are touched under the engine's.
/// </summary>
internal sealed class HiLinkSmsService(ModemEngine engine)
{
    public const int FirstIndex = 40000, LocalMax = 500, MaxReadCount = 50;
    private static readonly TimeSpan UssdDelay = TimeSpan.FromMilliseconds(300), SendDelay = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<int, string> _sentDates = [];
    private (string Phone, string Suc, string Fail, int Total, int Cur) _sendStatus = ("", "", "", 0, 0);
    private string? _ussdAnswer;
    private DateTime _ussdReadyAt;
    private int _reference;

    private SmsNetwork Sms => engine.Sms;

    /// <summary>The firmware's SMS service starts: its own memory is where messages go and are read.</summary>
    public void PowerUp() => Sms.Locked(() =>
    {
        Sms.Mem1 = Sms.Mem2 = Sms.Mem3 = SmsStorage.Modem;
        Sms.Modem.Capacity = LocalMax;
        _ussdAnswer = null;
        return 0;
    });

    /// <summary>The answer to <paramref name="r"/>, or null when the path is not one of ours.</summary>
    public WebResponse? Handle(WebRequest r, List<KeyValuePair<string, string>> headers, object firmwareGate) => (r.Method, r.Path) switch
    {
        ("GET", "/api/sms/sms-count") => HiLinkFirmware.Ok(Count(), headers),
        ("POST", "/api/sms/sms-list") => List(r, headers),
        ("POST", "/api/sms/set-read") => OnMessage(r, headers, (store, m) => { foreach (var i in m.Indices) store.MarkRead(i); }),
        ("POST", "/api/sms/delete-sms") => OnMessage(r, headers, (store, m) => { foreach (var i in m.Indices) store.Remove(i); }),
        ("POST", "/api/sms/send-sms") => Send(r, headers, firmwareGate),
        ("GET", "/api/sms/send-status") => HiLinkFirmware.Ok(
            $"<Phone>{Esc(_sendStatus.Phone)}</Phone><SucPhone>{Esc(_sendStatus.Suc)}</SucPhone><FailPhone>{Esc(_sendStatus.Fail)}</FailPhone>" +
            $"<TotalCount>{_sendStatus.Total}</TotalCount><CurIndex>{_sendStatus.Cur}</CurIndex>", headers),
        ("GET", "/api/monitoring/check-notifications") => HiLinkFirmware.Ok(Notifications(), headers),
        ("POST", "/api/ussd/send") => UssdSend(r, headers),
        ("GET", "/api/ussd/get") => _ussdAnswer is null || DateTime.UtcNow < _ussdReadyAt
            ? HiLinkFirmware.Error(111019, headers)
            : HiLinkFirmware.Ok($"<content>{Esc(_ussdAnswer)}</content>", headers),
        ("GET", "/api/ussd/status") => HiLinkFirmware.Ok($"<result>{(_ussdAnswer is not null && DateTime.UtcNow < _ussdReadyAt ? 1 : 0)}</result>", headers),
        ("GET", "/api/ussd/release") => UssdRelease(headers),
        _ => null,
    };

    /// <summary>The firmware's view of its memory: messages (parts joined), newest first.</summary>
    private List<(SmsMessage Message, int Box)> Messages() => Sms.Locked(() =>
    {
        var stored = new List<StoredPdu>();
        foreach (var s in Sms.Modem.All)
            if (SmsPduReader.Read(s.Pdu) is { } pdu) stored.Add(new StoredPdu(SmsStorage.Modem, s.Index, s.Stat, pdu));
        return SmsAssembler.Assemble(stored)
            .Select(m => (m, m.Kind == "submit" ? 2 : 1))
            .OrderByDescending(x => Date(x.m)).ThenByDescending(x => x.m.Indices[0])
            .ToList();
    });

    private string Date(SmsMessage m) =>
        m.Timestamp is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : _sentDates.GetValueOrDefault(m.Indices[0], "");

    private string Count() => Sms.Locked(() =>
    {
        var all = Messages();
        var inbox = all.Where(x => x.Box == 1).ToList();
        var unread = inbox.Count(x => x.Message.Status == "unread");
        return $"<LocalUnread>{unread}</LocalUnread><LocalInbox>{inbox.Count}</LocalInbox><LocalOutbox>{all.Count - inbox.Count}</LocalOutbox>" +
               $"<LocalDraft>0</LocalDraft><LocalDeleted>0</LocalDeleted><SimUnread>0</SimUnread><SimInbox>{Sms.Sim.Used}</SimInbox>" +
               $"<SimOutbox>0</SimOutbox><SimDraft>0</SimDraft><LocalMax>{Sms.Modem.Capacity}</LocalMax><SimMax>{Sms.Sim.Capacity}</SimMax>" +
               $"<SimUsed>{Sms.Sim.Used}</SimUsed><NewMsg>{unread}</NewMsg>";
    });

    private string Notifications() => Sms.Locked(() =>
        $"<UnreadMessage>{Messages().Count(x => x.Box == 1 && x.Message.Status == "unread")}</UnreadMessage>" +
        $"<SmsStorageFull>{(Sms.Modem.Full ? 1 : 0)}</SmsStorageFull><OnlineUpdateStatus>10</OnlineUpdateStatus>");

    private WebResponse List(WebRequest r, List<KeyValuePair<string, string>> headers)
    {
        if (!int.TryParse(r.Field("PageIndex"), out var page) || page < 1 || !int.TryParse(r.Field("ReadCount"), out var count)
            || count is < 1 or > MaxReadCount || r.Field("BoxType") is not ("1" or "2"))
            return HiLinkFirmware.Error(113017, headers);
        var box = r.Field("BoxType") == "1" ? 1 : 2;
        var messages = Messages().Where(x => x.Box == box).Select(x => x.Message).ToList();
        if (r.Field("UnreadPreferred") == "1") messages = [.. messages.OrderBy(m => m.Status == "unread" ? 0 : 1)];
        var text = new StringBuilder($"<Count>{messages.Count}</Count><Messages>");
        foreach (var m in messages.Skip((page - 1) * count).Take(count))
        {
            var smstat = m.Status switch { "unread" => 0, "read" => 1, "unsent" => 2, _ => 3 };
            var type = m.Kind == "status-report" ? (m.Text.StartsWith("delivered", StringComparison.Ordinal) ? 7 : 8) : m.Parts > 1 ? 2 : 1;
            text.Append("<Message>")
                .Append($"<Smstat>{smstat}</Smstat><Index>{FirstIndex + m.Indices[0]}</Index><Phone>{Esc(m.Address)}</Phone>")
                .Append($"<Content>{Esc(m.Text)}</Content><Date>{Date(m)}</Date><Sca>{Esc(m.Smsc)}</Sca>")
                .Append($"<SaveType>{(box == 1 ? 4 : 3)}</SaveType><Priority>0</Priority><SmsType>{type}</SmsType>")
                .Append("</Message>");
        }
        return HiLinkFirmware.Ok(text.Append("</Messages>").ToString(), headers);
    }

    private WebResponse OnMessage(WebRequest r, List<KeyValuePair<string, string>> headers, Action<SmsStore, SmsMessage> change)
    {
        if (!int.TryParse(r.Field("Index"), out var index)) return HiLinkFirmware.Error(113017, headers);
        var found = Messages().FirstOrDefault(x => FirstIndex + x.Message.Indices[0] == index).Message;
        if (found is null) return HiLinkFirmware.Error(113114, headers);
        Sms.Locked(() => { change(Sms.Modem, found); return 0; });
        return HiLinkFirmware.Ok(null, headers);
    }

    private WebResponse Send(WebRequest r, List<KeyValuePair<string, string>> headers, object firmwareGate)
    {
        var phone = r.Field("Phone") ?? "";
        var content = r.Field("Content") ?? "";
        if (r.Field("Index") != "-1" || content.Length == 0 || phone.Length == 0) return HiLinkFirmware.Error(113017, headers);
        var digits = phone.StartsWith('+') ? phone[1..] : phone;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return HiLinkFirmware.Error(113017, headers);
        if (digits.Length > 20) return HiLinkFirmware.Error(113054, headers);
        if (Sms.Locked(() => Sms.Modem.Full)) return HiLinkFirmware.Error(113053, headers);
        var date = r.Field("Date") ?? "";
        var pdus = SmsSubmitWriter.Encode(phone, content, concatReference: ++_reference & 0xFF);
        _sendStatus = (phone, "", "", 1, 0);
        _ = Task.Run(async () =>
        {
            await Task.Delay(SendDelay);
            lock (firmwareGate)
            {
                var ok = Sms.Locked(() =>
                {
                    if (!engine.IsRegistered || Sms.SendFailure is not null || Sms.StoredSmsc is null) return false;
                    int? first = null;
                    foreach (var pdu in pdus)
                    {
                        Sms.RecordSent(pdu.Hex);
                        // The sent copy, every part (a full memory keeps what fits); its date is the request's.
                        var slot = Sms.Modem.Add(3, pdu.Hex);
                        first ??= slot;
                    }
                    if (first is { } index) _sentDates[index] = date;
                    return true;
                });
                _sendStatus = ok ? ("", phone, "", 1, 1) : ("", "", phone, 1, 1);
            }
        });
        return HiLinkFirmware.Ok(null, headers);
    }

    private WebResponse UssdSend(WebRequest r, List<KeyValuePair<string, string>> headers)
    {
        var content = r.Field("content") ?? "";
        if (content.Length == 0) return HiLinkFirmware.Error(111016, headers);
        if (!engine.IsRegistered) return HiLinkFirmware.Error(111018, headers);
        var (_, text) = Sms.Locked(() => Sms.AnswerUssd(content));
        _ussdAnswer = text;
        _ussdReadyAt = DateTime.UtcNow + UssdDelay;
        return HiLinkFirmware.Ok(null, headers);
    }

    private WebResponse UssdRelease(List<KeyValuePair<string, string>> headers)
    {
        Sms.Locked(() => Sms.UssdOpen = false);
        _ussdAnswer = null;
        return HiLinkFirmware.Ok(null, headers);
    }

    private static string Esc(string s) => System.Security.SecurityElement.Escape(s) ?? "";
}
