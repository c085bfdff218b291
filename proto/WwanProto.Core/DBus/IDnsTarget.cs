namespace WwanProto.Core.DBus;

/// <summary>Where the link's DNS servers go: systemd-resolved, resolvconf, or a resolv.conf-format file.</summary>
public interface IDnsTarget
{
    /// <summary>For `status` and the log: "systemd-resolved", "resolvconf (wan.huaweiwwan)", "file /run/...".</summary>
    string Description { get; }

    Task ApplyAsync(string dev, IReadOnlyList<string> servers, CancellationToken ct);

    /// <summary>Undoes <see cref="ApplyAsync"/>; harmless when nothing was applied.</summary>
    Task RemoveAsync(CancellationToken ct);
}
