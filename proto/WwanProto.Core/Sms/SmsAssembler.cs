namespace WwanProto.Core.Sms;

/// <summary>One stored PDU: where it is (storage, index), its storage status (+CMGL &lt;stat&gt;) and the decoded PDU.</summary>
public sealed record StoredPdu(string Storage, int Index, int Stat, SmsPdu Pdu);

/// <summary>
/// Puts stored PDUs together into messages: parts of a concatenated message (3GPP TS 23.040 §9.2.3.24.1/.8) are
/// joined by their reference, their total and the other party's address, in sequence order; everything else is a
/// message of its own. Parts that do not all arrive (yet) still show, marked incomplete.
/// </summary>
public static class SmsAssembler
{
    public static IReadOnlyList<SmsMessage> Assemble(IEnumerable<StoredPdu> stored)
    {
        var groups = new Dictionary<(string Storage, string Address, int Reference, int Total, bool Submit), List<StoredPdu>>();
        var order = new List<(int FirstIndex, string Storage, List<StoredPdu> Parts)>();
        foreach (var s in stored)
        {
            var (address, data) = Parts(s.Pdu);
            if (data?.Part is { } part)
            {
                var key = (s.Storage, address, part.Reference, part.Total, s.Pdu is SmsSubmit);
                if (groups.TryGetValue(key, out var list)
                    && !list.Any(p => Data(p.Pdu)!.Part!.Sequence == part.Sequence))
                {
                    list.Add(s);
                    continue;
                }
                // A second part with the same sequence number is another message that reused the reference.
                var fresh = new List<StoredPdu> { s };
                groups[key] = fresh;
                order.Add((s.Index, s.Storage, fresh));
                continue;
            }
            order.Add((s.Index, s.Storage, [s]));
        }
        var messages = new List<SmsMessage>(order.Count);
        foreach (var (_, _, parts) in order) messages.Add(Message(parts));
        return messages;
    }

    private static SmsMessage Message(List<StoredPdu> parts)
    {
        parts.Sort((a, b) => (Data(a.Pdu)?.Part?.Sequence ?? 0).CompareTo(Data(b.Pdu)?.Part?.Sequence ?? 0));
        var first = parts[0];
        var (address, data) = Parts(first.Pdu);
        var total = data?.Part?.Total ?? 1;
        var text = string.Concat(parts.Select(p => Data(p.Pdu) is { } d ? d.Text ?? Convert.ToHexString(d.Data) : ""));
        var lowest = parts.Min(p => p.Index);
        var kind = first.Pdu switch { SmsDeliver => "deliver", SmsSubmit => "submit", _ => "status-report" };
        DateTimeOffset? time = first.Pdu switch
        {
            SmsDeliver d => d.Timestamp,
            SmsStatusReport r => r.DischargeTime,
            _ => null,
        };
        if (first.Pdu is SmsStatusReport report)
            text = report.Delivered ? $"delivered (message {report.Reference})" : $"not delivered (message {report.Reference}, status 0x{report.Status:x2})";
        return new SmsMessage(SmsMessage.MakeId(first.Storage, lowest), first.Storage, parts.Select(p => p.Index).OrderBy(i => i).ToArray(),
            StatName(parts.Min(p => p.Stat)), kind, address, time, text, data?.Alphabet ?? SmsAlphabet.Gsm7, total, parts.Count == total,
            first.Pdu.Smsc);
    }

    /// <summary>+CMGL/+CMGR &lt;stat&gt; in PDU mode (TS 27.005 §3.1): 0 received unread, 1 received read, 2 stored unsent, 3 stored sent.</summary>
    public static string StatName(int stat) => stat switch { 0 => "unread", 1 => "read", 2 => "unsent", 3 => "sent", _ => "unknown" };

    private static SmsUserData? Data(SmsPdu pdu) => Parts(pdu).Data;

    private static (string Address, SmsUserData? Data) Parts(SmsPdu pdu) => pdu switch
    {
        SmsDeliver d => (d.Sender, d.UserData),
        SmsSubmit s => (s.Recipient, s.UserData),
        SmsStatusReport r => (r.Recipient, null),
        _ => ("", null),
    };
}
