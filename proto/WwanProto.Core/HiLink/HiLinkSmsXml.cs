namespace WwanProto.Core.HiLink;

/// <summary>
/// One message of /api/sms/sms-list, as the firmware keeps it: already decoded text (the firmware joined the parts of
/// a long message), its own index (40000 and up on E3372h), Smstat 0 unread, 1 read, 2 draft, 3 sent, 4 send failed,
/// the stick's local time as "yyyy-MM-dd HH:mm:ss" without a zone, SmsType 1 plain, 2 concatenated, 7/8 delivery
/// report (delivered / failed).
/// </summary>
public sealed record HiLinkSms(int Index, int Smstat, string Phone, string Content, string? Date, string Sca, int? SmsType);

/// <summary>One page of /api/sms/sms-list: Count is the firmware's total for the box, Messages the page.</summary>
public sealed record HiLinkSmsPage(int? Count, IReadOnlyList<HiLinkSms> Messages);

/// <summary>/api/sms/sms-count: how many messages each box holds and how many fit (LocalMax, SimMax).</summary>
public sealed record HiLinkSmsCount(int? LocalUnread, int? LocalInbox, int? LocalOutbox, int? LocalDraft, int? LocalMax,
    int? SimUnread, int? SimInbox, int? SimOutbox, int? SimDraft, int? SimMax, int? SimUsed);

/// <summary>
/// /api/sms/send-status: Phone the number being sent to, SucPhone / FailPhone the numbers done (';'-separated),
/// TotalCount the numbers of this send, CurIndex how many are done.
/// </summary>
public sealed record HiLinkSendStatus(string? Phone, string? SucPhone, string? FailPhone, int? TotalCount, int? CurIndex)
{
    public bool Succeeded(string number) => Lists(SucPhone, number);
    public bool Failed(string number) => Lists(FailPhone, number);

    private static bool Lists(string? list, string number) =>
        list is not null && list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(number);
}

/// <summary>/api/monitoring/check-notifications: unread messages and whether the message storage is full.</summary>
public sealed record HiLinkNotifications(int? UnreadMessage, bool SmsStorageFull);

/// <summary>
/// Reads the SMS answers of the web API (device input: every field may be missing or malformed; what cannot be read
/// is left out, never thrown). Element names as the firmware spells them (Messages/Message, Smstat...); newer
/// firmware answers some lists in lower case (messages/message, smstat...), which is read the same.
/// </summary>
public static class HiLinkSmsXml
{
    public static HiLinkSmsPage List(XmlNode response)
    {
        var messages = new List<HiLinkSms>();
        var box = Find(response, "Messages");
        foreach (var m in box?.Children ?? [])
        {
            if (!Is(m.Name, "Message") || Int(m, "Index") is not { } index) continue;
            messages.Add(new HiLinkSms(index, Int(m, "Smstat") ?? 0, Text(m, "Phone") ?? "", Find(m, "Content")?.Text ?? "",
                Text(m, "Date"), Text(m, "Sca") ?? "", Int(m, "SmsType")));
        }
        return new HiLinkSmsPage(Int(response, "Count"), messages);
    }

    public static HiLinkSmsCount Count(XmlNode r) =>
        new(Int(r, "LocalUnread"), Int(r, "LocalInbox"), Int(r, "LocalOutbox"), Int(r, "LocalDraft"), Int(r, "LocalMax"),
            Int(r, "SimUnread"), Int(r, "SimInbox"), Int(r, "SimOutbox"), Int(r, "SimDraft"), Int(r, "SimMax"), Int(r, "SimUsed"));

    public static HiLinkSendStatus SendStatus(XmlNode r) =>
        new(Text(r, "Phone"), Text(r, "SucPhone"), Text(r, "FailPhone"), Int(r, "TotalCount"), Int(r, "CurIndex"));

    public static HiLinkNotifications Notifications(XmlNode r) => new(Int(r, "UnreadMessage"), Int(r, "SmsStorageFull") == 1);

    /// <summary>
    /// "2026-12-04 07:30:00" as the stick's clock shows it; null when it is no such date. Read by position: the
    /// framework's exact-format parser would be the only user of its machinery in the binary (tens of KB).
    /// </summary>
    public static DateTime? Date(string? text)
    {
        if (text is not { Length: 19 } || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':') return null;
        int Field(int at, int length) =>
            int.TryParse(text.AsSpan(at, length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        var (year, month, day, hour, minute, second) = (Field(0, 4), Field(5, 2), Field(8, 2), Field(11, 2), Field(14, 2), Field(17, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23
            || minute is < 0 or > 59 || second is < 0 or > 59) return null;
        return new DateTime(year, month, day, hour, minute, second);
    }

    private static bool Is(string name, string wanted) => string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase);

    private static XmlNode? Find(XmlNode node, string name)
    {
        foreach (var c in node.Children)
            if (Is(c.Name, name)) return c;
        return null;
    }

    private static string? Text(XmlNode node, string name) => Find(node, name)?.Text.Trim() is { Length: > 0 } v ? v : null;

    private static int? Int(XmlNode node, string name) =>
        int.TryParse(Text(node, name), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
