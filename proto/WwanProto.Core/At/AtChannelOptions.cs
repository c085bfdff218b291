using WwanProto.Core.Native;

namespace WwanProto.Core.At;

/// <summary>How <see cref="AtChannel.Open"/> opens and guards a port.</summary>
public sealed record AtChannelOptions
{
    public SerialOptions Serial { get; init; } = SerialOptions.Default;

    /// <summary>Where UUCP lock files go (SystemPaths.LockDir); null = take no lock file (the flock still applies when Serial.Exclusive).</summary>
    public string? LockDir { get; init; }

    public static readonly AtChannelOptions Default = new();
}
