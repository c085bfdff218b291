namespace WwanProto.Core.Control;

/// <summary>
/// What a control plane can do. A tethering phone's "no control plane" has none of these: the session then skips
/// the SIM, radio-mode and registration steps as a whole (the phone does them itself) instead of each step
/// special-casing it.
/// </summary>
[Flags]
public enum ControlFeatures
{
    None = 0,
    /// <summary>SIM state, PIN counters and PIN entry, ICCID/IMSI.</summary>
    Sim = 1,
    /// <summary>The `mode` and `plmn` options.</summary>
    RadioMode = 2,
    /// <summary>Registration queries and change events.</summary>
    Registration = 4,
    /// <summary>Operator, RAT and signal.</summary>
    NetworkInfo = 8,
    All = Sim | RadioMode | Registration | NetworkInfo,
}
