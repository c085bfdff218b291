using System.Globalization;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Sms;

/// <summary>
/// The messaging methods on the session's ubus object `huaweiwwan.IFACE`, one writer for what they answer (the
/// CLI's --json and the standalone socket print the same):
/// sms_list {} → {messages:[…], storage:[…]}; sms_read {id} → the message; sms_send {to, text, report?} →
/// {parts, references}; sms_delete {id} → {deleted:id}; ussd {code} | {answer} | {cancel:true} → {status, text,
/// expects_answer}. A failure is its ubus status with {"error": what the modem said, "code": SMS_FAILED …} as DATA.
/// rpcd's ACL gives sms_list/sms_read and sms_send/sms_delete/ussd to separate permissions (huaweiwwan.acl.json).
/// </summary>
public static class MessagingUbus
{
    public static readonly string[] ReadMethods = ["sms_list", "sms_read"];
    public static readonly string[] SendMethods = ["sms_send", "sms_delete", "ussd"];

    public static IReadOnlyList<UbusMethod> Methods(IMessaging sms) =>
    [
        new UbusMethod("sms_list", [], (r, ct) => Run(async w =>
        {
            var messages = await sms.ListAsync(ct).ConfigureAwait(false);
            var list = w.OpenArray("messages");
            foreach (var m in messages) WriteMessage(w, null, m);
            w.Close(list);
            var storage = w.OpenArray("storage");
            foreach (var s in await sms.StorageAsync(ct).ConfigureAwait(false))
            {
                var t = w.OpenTable(null);
                w.String("name", s.Storage);
                w.Int32("used", s.Used);
                w.Int32("total", s.Total);
                w.Bool("full", s.Full);
                w.Close(t);
            }
            w.Close(storage);
        })),
        new UbusMethod("sms_read", [new("id", BlobmsgType.String)], (r, ct) => Run(async w =>
        {
            var id = Text(r, "id") ?? throw new MessagingException("argument id (the message's id, e.g. SM:3) is missing", "INVALID_ARGUMENT");
            var m = await sms.ReadAsync(id, ct).ConfigureAwait(false) ?? throw new MessagingException($"no message {id}", "NOT_FOUND");
            WriteMessageMembers(w, m);
        })),
        new UbusMethod("sms_send", [new("to", BlobmsgType.String), new("text", BlobmsgType.String), new("report", BlobmsgType.Int8)], (r, ct) => Run(async w =>
        {
            var to = Text(r, "to") ?? throw new MessagingException("argument to (the recipient's number) is missing", "INVALID_ARGUMENT");
            var text = Text(r, "text") ?? throw new MessagingException("argument text is missing", "INVALID_ARGUMENT");
            var report = r.Arg("report") is { Type: BlobmsgType.Int8 or BlobmsgType.Int32 } a && (a.Type == BlobmsgType.Int32 ? a.GetInt32() != 0 : a.GetBool());
            var sent = await sms.SendAsync(to, text, report, ct).ConfigureAwait(false);
            w.String("to", sent.Recipient);
            w.Int32("parts", sent.Parts);
            var refs = w.OpenArray("references");
            foreach (var mr in sent.References) w.Int32(null, mr);
            w.Close(refs);
        })),
        new UbusMethod("sms_delete", [new("id", BlobmsgType.String)], (r, ct) => Run(async w =>
        {
            var id = Text(r, "id") ?? throw new MessagingException("argument id (the message's id, e.g. SM:3) is missing", "INVALID_ARGUMENT");
            if (!await sms.DeleteAsync(id, ct).ConfigureAwait(false)) throw new MessagingException($"no message {id}", "NOT_FOUND");
            w.String("deleted", id);
        })),
        new UbusMethod("ussd", [new("code", BlobmsgType.String), new("answer", BlobmsgType.String), new("cancel", BlobmsgType.Int8)], (r, ct) => Run(async w =>
        {
            if (r.Arg("cancel") is { Type: BlobmsgType.Int8 } c && c.GetBool())
            {
                await sms.UssdCancelAsync(ct).ConfigureAwait(false);
                w.String("status", "cancelled");
                w.Bool("expects_answer", false);
                return;
            }
            var text = Text(r, "code") ?? Text(r, "answer")
                ?? throw new MessagingException("give code (e.g. *100#), answer (to a menu) or cancel", "INVALID_ARGUMENT");
            WriteUssd(w, await sms.UssdAsync(text, ct).ConfigureAwait(false));
        })),
    ];

    public static void WriteUssd(BlobWriter w, UssdReply reply)
    {
        w.String("status", reply.Status);
        if (reply.Text is { } text) w.String("text", text);
        w.Bool("expects_answer", reply.ExpectsAnswer);
    }

    public static void WriteMessage(BlobWriter w, string? name, SmsMessage m)
    {
        var t = w.OpenTable(name);
        WriteMessageMembers(w, m);
        w.Close(t);
    }

    public static void WriteMessageMembers(BlobWriter w, SmsMessage m)
    {
        if (m.Id.Length > 0) w.String("id", m.Id);
        w.String("storage", m.Storage);
        w.String("status", m.Status);
        w.String("kind", m.Kind);
        w.String("address", m.Address);
        if (m.Timestamp is { } time) w.String("time", time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        w.String("text", m.Text);
        w.String("alphabet", m.Alphabet switch { SmsAlphabet.Ucs2 => "ucs2", SmsAlphabet.EightBit => "8bit", _ => "gsm7" });
        w.Int32("parts", m.Parts);
        w.Bool("complete", m.Complete);
        if (m.Smsc.Length > 0) w.String("smsc", m.Smsc);
    }

    private static string? Text(UbusRequest r, string name) => r.Arg(name) is { Type: BlobmsgType.String } a ? a.GetString() : null;

    /// <summary>Runs a method body; a <see cref="MessagingException"/> becomes its status with the reason as DATA.</summary>
    private static async Task<UbusResult> Run(Func<BlobWriter, Task> body)
    {
        var w = new BlobWriter();
        try
        {
            await body(w).ConfigureAwait(false);
            return UbusResult.Ok(w.ToArray());
        }
        catch (MessagingException e)
        {
            return Failure(e.Code, e.Message);
        }
        catch (IOException e)
        {
            return Failure("NOT_AVAILABLE", e.Message);
        }
        catch (ObjectDisposedException)
        {
            return Failure("NOT_AVAILABLE", "the modem was closed while the request waited");
        }
    }

    private static UbusResult Failure(string code, string message)
    {
        var w = new BlobWriter();
        w.String("error", message);
        w.String("code", code);
        var status = code switch
        {
            "INVALID_ARGUMENT" => UbusStatus.InvalidArgument,
            "NOT_FOUND" => UbusStatus.NotFound,
            "NOT_AVAILABLE" => UbusStatus.NoData,
            _ => UbusStatus.UnknownError,
        };
        return new UbusResult(status, w.ToArray());
    }
}
