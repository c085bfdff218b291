namespace WwanProto.Core.Links.Ppp;

/// <summary>What `huaweiwwan chat` dials: the PDP context and the dial string (from pppd's connect command line).</summary>
public sealed record ChatSettings
{
    public int Cid { get; init; } = 1;
    public string PdpType { get; init; } = "IP";
    public string? Apn { get; init; }
    public string DialNumber { get; init; } = "*99***1#";
    /// <summary>How long to wait for CONNECT after ATD.</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long to wait for OK to an ordinary command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Hayes escape guard: the modem needs this much silence before and after "+++" (≥ 1 s).</summary>
    public TimeSpan GuardTime { get; init; } = TimeSpan.FromMilliseconds(1100);
}
