namespace WwanProto.ModemSim.Sms;

/// <summary>One stored message: its +CMGL status (0 unread, 1 read, 2 unsent, 3 sent) and PDU with the SMSC field.</summary>
public sealed record StoredSms(int Index, int Stat, string Pdu);

/// <summary>
/// A message memory (SM: the SIM's EF-SMS records, ME: the modem's flash) with a fixed number of slots; a new
/// message takes the lowest free index, as the firmware does.
/// </summary>
public sealed class SmsStore(string name, int capacity)
{
    private readonly SortedDictionary<int, StoredSms> _slots = [];

    public string Name { get; } = name;
    public int Capacity { get; set; } = capacity;
    public int Used => _slots.Count;
    public bool Full => _slots.Count >= Capacity;
    public IEnumerable<StoredSms> All => _slots.Values;

    /// <summary>The index it went to, or null when the memory is full.</summary>
    public int? Add(int stat, string pdu)
    {
        if (Full) return null;
        var index = 0;
        while (_slots.ContainsKey(index)) index++;
        _slots[index] = new StoredSms(index, stat, pdu);
        return index;
    }

    public StoredSms? Get(int index) => _slots.GetValueOrDefault(index);

    public void MarkRead(int index)
    {
        if (_slots.TryGetValue(index, out var s) && s.Stat == 0) _slots[index] = s with { Stat = 1 };
    }

    /// <summary>WMS Modify Tag: the status as the host sets it; false when the slot is empty.</summary>
    public bool SetStat(int index, int stat)
    {
        if (!_slots.TryGetValue(index, out var s)) return false;
        _slots[index] = s with { Stat = stat };
        return true;
    }

    public bool Remove(int index) => _slots.Remove(index);

    public void Clear() => _slots.Clear();
}
