namespace WwanProto.Core.At;

/// <summary>Bounds of one <see cref="PortProber"/> run.</summary>
public sealed record PortProbeOptions
{
    /// <summary>
    /// The whole "does it speak AT" phase of one port, retries included. Ports are probed in parallel, so a mute
    /// port costs the run this long and no more. §7 item 2: 1–2 s, up to 3 tries.
    /// </summary>
    public TimeSpan AnswerBudget { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>"AT" tries within <see cref="AnswerBudget"/> (a freshly enumerated stick may swallow the first).</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Bound for ATI (and the +CGMx fallbacks) on a port that answered.</summary>
    public TimeSpan IdentifyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Ask answering ports who they are (ATI). Off: only "AT".</summary>
    public bool Identify { get; init; } = true;

    /// <summary>How ports are opened; set LockDir so ports held by a live process are reported busy, never touched.</summary>
    public AtChannelOptions Channel { get; init; } = AtChannelOptions.Default;

    public static readonly PortProbeOptions Default = new();
}
