namespace WwanProto.Core;

/// <summary>
/// Where the kernel's views live. On a router: /sys and /dev. Tests and the demo point these at the
/// simulator's tree (HUAWEIWWAN_SYSFS, HUAWEIWWAN_DEVROOT), where /dev/ttyUSB0 is a symlink to a pty.
/// </summary>
public sealed record SystemPaths(string SysRoot, string DevRoot, string StateDir, string LockDir)
{
    public static readonly SystemPaths Default = new("/sys", "/dev", "/var/run/huaweiwwan", "/var/lock");

    public static SystemPaths FromEnvironment() => new(
        Environment.GetEnvironmentVariable("HUAWEIWWAN_SYSFS") ?? Default.SysRoot,
        Environment.GetEnvironmentVariable("HUAWEIWWAN_DEVROOT") ?? Default.DevRoot,
        Environment.GetEnvironmentVariable("HUAWEIWWAN_STATEDIR") ?? Default.StateDir,
        Environment.GetEnvironmentVariable("HUAWEIWWAN_LOCKDIR") ?? Default.LockDir)
    {
        Pppd = Environment.GetEnvironmentVariable("HUAWEIWWAN_PPPD") is { Length: > 0 } pppd ? pppd : DefaultPppd,
        NetifdLibDir = Environment.GetEnvironmentVariable("HUAWEIWWAN_NETIFD_LIBDIR") is { Length: > 0 } lib ? lib : DefaultNetifdLibDir,
    };

    public const string DefaultPppd = "/usr/sbin/pppd";
    public const string DefaultNetifdLibDir = "/lib/netifd";

    /// <summary>pppd: $HUAWEIWWAN_PPPD (tests: the stand-in), else /usr/sbin/pppd. Everything that runs or execs pppd uses it.</summary>
    public string Pppd { get; init; } = DefaultPppd;

    /// <summary>netifd's script directory, where our pppd hooks (huaweiwwan-ppp-up ...) are installed: $HUAWEIWWAN_NETIFD_LIBDIR, else /lib/netifd.</summary>
    public string NetifdLibDir { get; init; } = DefaultNetifdLibDir;

    /// <summary>/sys/bus/usb/devices under <see cref="SysRoot"/>.</summary>
    public string UsbDevices => Path.Combine(SysRoot, "bus", "usb", "devices");

    /// <summary>A device node by its kernel name ("ttyUSB2", "cdc-wdm0", "bus/usb/001/004").</summary>
    public string Dev(string name) => Path.Combine(DevRoot, name);
}
