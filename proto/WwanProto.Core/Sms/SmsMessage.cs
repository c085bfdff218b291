namespace WwanProto.Core.Sms;

/// <summary>The 3GPP message storages (TS 27.005 §3.1 &lt;mem1&gt;): the SIM card and the modem's own memory.</summary>
public static class SmsStorage
{
    public const string Sim = "SM", Modem = "ME";

    public static bool IsKnown(string storage) => storage is Sim or Modem;
}

/// <summary>
/// One message as the user sees it: a single PDU, or the parts of a concatenated message put together by
/// reference. <see cref="Id"/> ("SM:3") names the storage and the index of its first part; deleting it deletes
/// every part (<see cref="Indices"/>). <see cref="Status"/> is the storage status: unread, read, unsent, sent.
/// <see cref="Complete"/> is false while parts are missing (the text then holds the parts present, in order).
/// </summary>
public sealed record SmsMessage(
    string Id,
    string Storage,
    IReadOnlyList<int> Indices,
    string Status,
    string Kind,
    string Address,
    DateTimeOffset? Timestamp,
    string Text,
    SmsAlphabet Alphabet,
    int Parts,
    bool Complete,
    string Smsc)
{
    public static string MakeId(string storage, int index) => $"{storage}:{index}";

    /// <summary>"SM:3" → ("SM", 3); a bare "3" is the SIM's index 3. Null when it is neither.</summary>
    public static (string Storage, int Index)? ParseId(string id)
    {
        var colon = id.IndexOf(':');
        var storage = colon < 0 ? SmsStorage.Sim : id[..colon].ToUpperInvariant();
        var number = colon < 0 ? id : id[(colon + 1)..];
        if (!SmsStorage.IsKnown(storage) || number.Length is 0 or > 5 || !number.All(char.IsAsciiDigit)) return null;
        return (storage, int.Parse(number, System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>How much of a storage is used (AT+CPMS?).</summary>
public sealed record SmsStorageUse(string Storage, int Used, int Total)
{
    public bool Full => Total > 0 && Used >= Total;
}

/// <summary>What sending produced: the message reference (TP-MR) of each part, in order.</summary>
public sealed record SmsSent(string Recipient, IReadOnlyList<int> References, int Parts);

/// <summary>A delivery report (SMS-STATUS-REPORT) for a message sent with a report requested.</summary>
public sealed record SmsDeliveryReport(int Reference, string Recipient, bool Delivered, int Status, DateTimeOffset DischargeTime);
