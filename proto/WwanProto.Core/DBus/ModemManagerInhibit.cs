using Tmds.DBus.Protocol;

namespace WwanProto.Core.DBus;

/// <summary>
/// Keeps ModemManager off our modem: org.freedesktop.ModemManager1.InhibitDevice(uid, true) for the session's
/// life, (uid, false) at exit. The uid is what MM's Modem.Device property shows: the physical USB device's
/// sysfs path (/sys/devices/...), unless a udev rule set ID_MM_PHYSDEV_UID. MM also drops an inhibition by
/// itself when our bus connection goes (exit, crash, bus restart).
/// </summary>
public sealed class ModemManagerInhibit(SystemBus bus, Action<string> log)
{
    public const string Service = "org.freedesktop.ModemManager1";
    private const string Path = "/org/freedesktop/ModemManager1";
    private string? _uid;

    /// <summary>The uid MM gives a USB device: its sysfs directory with symlinks resolved.</summary>
    public static string UidOf(string usbSysPath)
    {
        var full = System.IO.Path.GetFullPath(usbSysPath);
        return new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>Inhibits once per uid; a refusal is a warning (the session goes on and may find its ports busy).</summary>
    public async Task InhibitAsync(string usbSysPath)
    {
        var uid = UidOf(usbSysPath);
        if (_uid == uid) return;
        await ReleaseAsync().ConfigureAwait(false);
        if (!await bus.TryCallAsync(Service, Path, Service, "InhibitDevice", "sb", (ref MessageWriter w) => { w.WriteString(uid); w.WriteBool(true); },
                $"ModemManager refused to leave the modem alone: InhibitDevice {uid}; it may hold the modem's ports (stop ModemManager or set ID_MM_DEVICE_IGNORE on the device)")
            .ConfigureAwait(false)) return;
        _uid = uid;
        log($"ModemManager: inhibited {uid} while this link runs");
    }

    public async Task ReleaseAsync()
    {
        if (_uid is not { } uid) return;
        _uid = null;
        await bus.TryCallAsync(Service, Path, Service, "InhibitDevice", "sb", (ref MessageWriter w) => { w.WriteString(uid); w.WriteBool(false); },
            $"ModemManager: releasing {uid} failed").ConfigureAwait(false);
    }
}
