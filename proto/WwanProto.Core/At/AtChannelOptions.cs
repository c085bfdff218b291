using WwanProto.Core.Native;

namespace WwanProto.Core.At;

/// <summary>How <see cref="AtChannel.Open"/> opens and guards a port.</summary>
public sealed record AtChannelOptions
{
    public SerialOptions Serial { get; init; } = SerialOptions.Default;

    /// <summary>Where UUCP lock files go (SystemPaths.LockDir); null = take no lock file (the flock still applies when Serial.Exclusive).</summary>
    public string? LockDir { get; init; }

    /// <summary>
    /// After a timeout, how long the resync "AT" may wait for its OK (capped by the next command's own bound).
    /// </summary>
    public TimeSpan ResyncAnswerBound { get; init; } = AtTimeouts.Quick;

    /// <summary>After the resync OK, how long no further final result may arrive before the channel trusts it is in step.</summary>
    public TimeSpan ResyncQuietWindow { get; init; } = TimeSpan.FromMilliseconds(300);

    public static readonly AtChannelOptions Default = new();
}
