using WwanProto.Core.Sms;

namespace WwanProto.ModemSim.Sms;

/// <summary>
/// The simulated modem's messaging: the SIM (SM) and modem (ME) memories, the SMSC and the network behind them.
/// Tests and `wwan-sim` control lines deliver messages, answer USSD, make sends fail and fill memories; the AT
/// side (+CMGL, +CMGS, +CUSD ...) lives in ModemEngine.Sms. Every member takes the engine's lock.
/// </summary>
public sealed class SmsNetwork
{
    private readonly object _gate;
    private readonly Action<IReadOnlyList<string>> _urc;
    private readonly List<string> _sent = [];
    private readonly List<string> _refused = [];
    private readonly Dictionary<string, (int Mode, string Text)> _ussd = new(StringComparer.Ordinal)
    {
        ["*100#"] = (0, "Balance: 12.34 EUR, valid until 31.12.2026"),
        ["*123#"] = (1, "Bundles: 1 Data 2 Voice 0 Exit"),
    };
    private readonly Dictionary<string, (int Mode, string Text)> _menu = new(StringComparer.Ordinal)
    {
        ["1"] = (0, "Data: 2048 MB left until 31.12."),
        ["2"] = (0, "Voice: 100 min left"),
        ["0"] = (2, ""),
    };
    private int _reference;

    internal SmsNetwork(object gate, Action<IReadOnlyList<string>> urc, bool huawei)
    {
        _gate = gate;
        _urc = urc;
        PackedUssd = huawei;
    }

    internal SmsStore Sim { get; } = new(SmsStorage.Sim, 30);
    internal SmsStore Modem { get; } = new(SmsStorage.Modem, 200);

    /// <summary>The Huawei quirk: USSD strings in and out as packed GSM 7-bit hex (DCS 15).</summary>
    internal bool PackedUssd { get; }

    // Settings the AT side changes (27.005 §3.2.2, §3.4.1): storages, indications.
    internal string Mem1 = SmsStorage.Sim, Mem2 = SmsStorage.Sim, Mem3 = SmsStorage.Sim;
    internal int CnmiMode, CnmiMt, CnmiDs;
    internal bool UssdOpen;

    internal SmsStore Store(string name) => name == SmsStorage.Modem ? Modem : Sim;

    // The QMI side (WMS routes, ModemEngine.QmiWms): stored arrivals are told to WMS clients, and with a
    // transfer-only route new messages (and, when asked, status reports) go to the client instead of a memory.
    internal Action<string, int>? Stored;
    internal Action<string>? Routed;
    internal bool RouteMt, RouteReports;

    /// <summary>The SMSC stored in the SIM; null: none (a send with "00" as SMSC fails with +CMS ERROR: 330).</summary>
    public string? StoredSmsc { get { lock (_gate) return _storedSmsc; } set { lock (_gate) _storedSmsc = value; } }
    private string? _storedSmsc = SmsDeliverEncoder.Smsc;

    /// <summary>Non-null: every +CMGS fails with this +CMS ERROR code (e.g. 38 network out of order, 500).</summary>
    public int? SendFailure { get { lock (_gate) return _sendFailure; } set { lock (_gate) _sendFailure = value; } }
    private int? _sendFailure;

    /// <summary>Every PDU the host sent with +CMGS (SMSC field included, as typed after the prompt), in order.</summary>
    public IReadOnlyList<string> Sent { get { lock (_gate) return [.. _sent]; } }

    /// <summary>Parts the network could not deliver to the modem because the receiving memory was full.</summary>
    public IReadOnlyList<string> Refused { get { lock (_gate) return [.. _refused]; } }

    /// <summary>Number of messages in a memory ("SM" or "ME").</summary>
    public int Count(string storage) { lock (_gate) return Store(storage).Used; }

    public void SetCapacity(string storage, int capacity) { lock (_gate) Store(storage).Capacity = capacity; }

    /// <summary>The USSD answer to <paramref name="code"/>: mode 0 done, 1 a menu waiting for an answer, 2 ended.</summary>
    public void SetUssd(string code, int mode, string text) { lock (_gate) _ussd[code] = (mode, text); }

    /// <summary>
    /// A message from <paramref name="sender"/> arrives: stored in the receiving memory with +CMTI (+CNMI mt=1), or
    /// routed to the host as +CMT (mt=2). Long texts come as concatenated parts (16-bit reference when asked).
    /// Returns the indices it was stored at (empty when routed or refused).
    /// </summary>
    public IReadOnlyList<int> Deliver(string sender, string text, bool reference16 = false, DateTimeOffset? time = null)
    {
        lock (_gate)
        {
            var pdus = SmsDeliverEncoder.Deliver(sender, text, time ?? new DateTimeOffset(2026, 12, 4, 7, 30, 0, TimeSpan.FromHours(1)),
                reference16 ? 0x1200 + ++_reference : ++_reference & 0xFF, reference16);
            return DeliverPdus(pdus);
        }
    }

    /// <summary>Raw PDUs (hex with the SMSC field) arriving from the network, e.g. ones recorded from real networks.</summary>
    public IReadOnlyList<int> DeliverPdus(IReadOnlyList<string> pdus)
    {
        lock (_gate)
        {
            var indices = new List<int>();
            foreach (var pdu in pdus)
            {
                if (RouteMt && Routed is not null)
                {
                    Routed(pdu);
                    continue;
                }
                if (CnmiMt == 2)
                {
                    _urc([$"+CMT: ,{SmsDeliverEncoder.TpduLength(pdu)}", pdu]);
                    continue;
                }
                var store = Store(Mem3);
                if (store.Add(0, pdu) is not { } index)
                {
                    _refused.Add(pdu);
                    _urc([$"^SMMEMFULL: \"{store.Name}\""]);
                    continue;
                }
                indices.Add(index);
                Stored?.Invoke(store.Name, index);
                if (CnmiMt == 1) _urc([$"+CMTI: \"{store.Name}\",{index}"]);
            }
            return indices;
        }
    }

    /// <summary>Fills a memory with <paramref name="count"/> read messages, without indications (a SIM that arrived full of old messages).</summary>
    public void Fill(string storage, int count, string sender = "+4915112345678")
    {
        lock (_gate)
        {
            var store = Store(storage);
            for (var i = 0; i < count; i++)
            {
                var pdu = SmsDeliverEncoder.Deliver(sender, $"Old message {i + 1}", new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero).AddMinutes(i))[0];
                if (store.Add(1, pdu) is null) break;
            }
        }
    }

    internal void RecordSent(string pdu) => _sent.Add(pdu);

    /// <summary>Runs <paramref name="work"/> under the engine's lock (the HiLink firmware's SMS service works on the memories).</summary>
    internal T Locked<T>(Func<T> work) { lock (_gate) return work(); }

    /// <summary>The network's answer to a USSD string from the host (already decoded).</summary>
    internal (int Mode, string Text) AnswerUssd(string request)
    {
        (int Mode, string Text) answer;
        if (UssdOpen) answer = _menu.TryGetValue(request, out var m) ? m : (0, "Invalid choice");
        else answer = _ussd.TryGetValue(request, out var a) ? a : (0, "Unknown service code");
        UssdOpen = answer.Mode == 1;
        return answer;
    }

    /// <summary>A +CDS delivery report to the host, for a message sent with TP-SRR (+CNMI ds=1).</summary>
    internal void Report(int reference, string recipient)
    {
        var report = SmsDeliverEncoder.StatusReport(reference, recipient, DateTimeOffset.UtcNow);
        if (RouteReports && Routed is not null) Routed(report);
        if (CnmiDs != 1) return;
        _urc([$"+CDS: {SmsDeliverEncoder.TpduLength(report)}", report]);
    }
}
