namespace WwanProto.Core.Native;

/// <summary>Another process owns the port: a live UUCP lock (with its pid) or an flock.</summary>
public sealed class PortBusyException(string path, int? pid, string detail)
    : IOException(pid is { } p ? $"{path} is in use by process {p} ({detail})" : $"{path} is in use ({detail})")
{
    public string PortPath { get; } = path;

    /// <summary>The pid from the lock file, when the lock names one.</summary>
    public int? Pid { get; } = pid;
}
