namespace WwanProto.Core.Usb;

/// <summary>One "name:number" entry of an ^GETPORTMODE answer ("pcui:2").</summary>
public sealed record PortModeEntry(string Name, int Number)
{
    /// <summary>The role of a serial function; null for non-serial functions (ncm, cdrom, sd...).</summary>
    public PortRole? Role => PortRoles.FromPortModeName(Name);
}
