namespace WwanProto.ModemSim;

/// <summary>Faults injected into one run, all driven by <see cref="SimOptions.Seed"/>.</summary>
public sealed class SimFaults
{
    /// <summary>Write every answer in random fragments (split anywhere, also between CR and LF).</summary>
    public bool SplitReads;

    /// <summary>Put a URC between echo and information lines, or between the information and the final result.</summary>
    public bool InterleaveUrcs;

    /// <summary>Glue a URC right after the final result, in the same write.</summary>
    public bool GlueUrcToOk;

    /// <summary>Ports read but answer nothing for this long after (re-)enumeration.</summary>
    public TimeSpan MuteAfterStart;

    /// <summary>QMI: a broadcast NAS Serving System indication rides in the same write as every answer (merged messages).</summary>
    public bool MergeQmi;

    /// <summary>Garbage bytes on AT ports: when a client first opens the port and now and then between answers.</summary>
    public bool Garbage;

    /// <summary>Every answer is delayed by this long (plus up to 25 % seeded jitter).</summary>
    public TimeSpan SlowAnswers;

    /// <summary>Reset (ports vanish) this long after start, once; zero = never.</summary>
    public TimeSpan ResetAfter;

    /// <summary>The scheduled reset comes back as 1f01 storage.</summary>
    public bool ResetToStorage;

    /// <summary>Reset whenever a data call comes up while the RAT is GSM (brownout under TX load, [UNVERIFIED] §4.10).</summary>
    public bool ResetOnGsmCall;
}
