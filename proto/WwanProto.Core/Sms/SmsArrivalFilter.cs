namespace WwanProto.Core.Sms;

/// <summary>
/// Which arrivals a backend tells, the same for all of them: messages handed over instead of stored (AT's +CMT,
/// WMS's transfer route) are collected until every part of one is in; a stored message is told once, however many
/// of its parts announce it (+CMTI, WMS Event Report).
/// </summary>
public sealed class SmsArrivalFilter
{
    private readonly object _gate = new();
    private readonly List<StoredPdu> _routed = [];
    private readonly HashSet<string> _announced = [];

    /// <summary>The messages <paramref name="deliver"/> completes; their id and indices are empty (they are in no storage).</summary>
    public IReadOnlyList<SmsMessage> Routed(SmsDeliver deliver)
    {
        List<SmsMessage> complete;
        lock (_gate)
        {
            _routed.Add(new StoredPdu("MT", _routed.Count, 0, deliver));
            complete = SmsAssembler.Assemble(_routed).Where(m => m.Complete).ToList();
            foreach (var m in complete) _routed.RemoveAll(p => m.Indices.Contains(p.Index));
        }
        return complete.Select(m => m with { Id = "", Indices = [] }).ToList();
    }

    /// <summary>True the first time this stored message (same id, parts, sender and time) is seen.</summary>
    public bool FirstTime(SmsMessage message)
    {
        var key = $"{message.Id}|{string.Join(',', message.Indices)}|{message.Address}|{message.Timestamp:O}";
        lock (_gate)
        {
            if (_announced.Count > 1000) _announced.Clear();
            return _announced.Add(key);
        }
    }

    /// <summary>Runs an event handler; one that fails is logged, never thrown into the modem's reader.</summary>
    public static void Raise(Action raise, Action<string> log)
    {
        try { raise(); }
        catch (Exception e) when (e is not OutOfMemoryException) { log($"sms: a new-message handler failed: {e.Message}"); }
    }
}
