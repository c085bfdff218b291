namespace WwanProto.Core.Usb;

/// <summary>One port after selection: its final role, where it came from, and whether it answered AT.</summary>
public sealed record ProbedPort(UsbPort Port, PortRole Role, string RoleSource, bool? Answered)
{
    public string Name => Port.Name;

    /// <summary>Who holds the port when another process does ("/dev/ttyUSB2 is in use by process 812 (lock file ...)"); it was not written to.</summary>
    public string? HeldBy { get; init; }

    /// <summary>What the probe found, in words: answered, silent, held by whom, or not probed.</summary>
    public string State => HeldBy is { } held ? held : Answered is null ? "not probed" : Answered.Value ? "answered" : "silent";
}

/// <summary>
/// The ports chosen for one modem: AT control (PCUI, or cdc-wdm), the PPP port, the net interface and the
/// cdc-wdm node. Any may be null (a HiLink stick has only <see cref="NetDev"/>).
/// </summary>
public sealed record PortSelection
{
    public required UsbDevice Device { get; init; }
    public required IReadOnlyList<ProbedPort> Ports { get; init; }
    /// <summary>The AT control port (kernel name); null when no port answered.</summary>
    public string? Control { get; init; }
    /// <summary>The port to dial PPP on; it may be in data mode and not answer AT, so it is chosen by role.</summary>
    public string? Ppp { get; init; }
    public string? NetDev { get; init; }
    public string? CdcWdm { get; init; }
    /// <summary>The ^GETPORTMODE line, when it was asked.</summary>
    public string? PortMode { get; init; }

    public string? ControlPath(SystemPaths paths) => Control is null ? null : paths.Dev(Control);
    public string? PppPath(SystemPaths paths) => Ppp is null ? null : paths.Dev(Ppp);
    public string? CdcWdmPath(SystemPaths paths) => CdcWdm is null ? null : paths.Dev(CdcWdm);

    public PortRole RoleOf(string portName) => Ports.FirstOrDefault(p => p.Name == portName)?.Role ?? PortRole.Unknown;
}
