namespace WwanProto.ModemSim;

/// <summary>The SIM in the simulated modem.</summary>
public sealed class SimCardOptions
{
    /// <summary>"ready" (no PIN lock), "pin", "puk", "absent", "dead".</summary>
    public string State = "ready";

    public string Pin = "1234";
    public string Puk = "12345678";
    public int PinAttempts = 3;
    public int PukAttempts = 10;

    /// <summary>SIM commands answer "+CME ERROR: SIM busy" for this long after (re-)enumeration.</summary>
    public TimeSpan BusyFor;

    public string Imsi = "262011234567890";
    public string Iccid = "89490200001234567890";
}
