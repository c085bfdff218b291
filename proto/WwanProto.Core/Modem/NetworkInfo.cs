using WwanProto.Core.At;
using WwanProto.Core.Control;
using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Modem;

/// <summary>Operator, RAT and signal for the status object (huawei-modems.md §2.4/§2.5). Best effort: errors give nulls.</summary>
public static class NetworkInfo
{
    public static async Task<NetworkReading> ReadAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        string? op = null, rat = null;
        int? dbm = null;
        var cops = await at.SendAsync("AT+COPS?", timeout, ct).ConfigureAwait(false);
        if (cops.IsOk && cops.Line("+COPS:") is { } copsLine && CopsParser.ParseCurrent(copsLine) is { } current)
        {
            op = current.Operator;
            rat = current.Act switch { 0 or 1 or 3 => "GSM", 2 or 4 or 5 or 6 => "UMTS", 7 => "LTE", _ => null };
        }
        // ^HCSQ? may answer a bare OK (E3372h-153 HiLink firmware, §4 item 13): then +CSQ.
        var hcsq = await at.SendAsync("AT^HCSQ?", timeout, ct).ConfigureAwait(false);
        if (hcsq.IsOk && hcsq.Line("^HCSQ:") is { } h && SignalParser.ParseHcsq(h) is { } reading)
        {
            dbm = reading.RssiDbm;
            if (rat is null && reading.Rat != "NOSERVICE") rat = reading.Rat;
        }
        if (dbm is null)
        {
            var csq = await at.SendAsync("AT+CSQ", timeout, ct).ConfigureAwait(false);
            if (csq.IsOk && csq.Line("+CSQ:") is { } c) dbm = SignalParser.ParseCsq(c)?.RssiDbm;
        }
        return new NetworkReading(op, rat, dbm);
    }
}
