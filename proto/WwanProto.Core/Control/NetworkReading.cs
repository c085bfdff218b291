namespace WwanProto.Core.Control;

/// <summary>Operator, RAT ("LTE", "UMTS", "GSM") and signal for the status object; nulls where unknown.</summary>
public sealed record NetworkReading(string? Operator, string? Rat, int? SignalDbm)
{
    /// <summary>0–5 bars from dBm (rough LTE/UMTS RSSI thresholds).</summary>
    public static int Bars(int dbm) => dbm switch { >= -65 => 5, >= -75 => 4, >= -85 => 3, >= -95 => 2, >= -105 => 1, _ => 0 };
}
