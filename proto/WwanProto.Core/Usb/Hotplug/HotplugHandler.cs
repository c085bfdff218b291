using WwanProto.Core.Session;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Core.Usb.Hotplug;

/// <summary>
/// What a hotplug event means for the configured `proto huaweiwwan` interfaces. Only add and remove count
/// (bind/unbind/change are ignored: a past 3g hotplug bug marked interfaces unavailable on bind).
/// <list type="bullet">
/// <item>add of a storage-mode stick (the usb_device event): switch it, if an interface claims it and its
/// usbmode allows; leave it to OpenWrt's usbmode when usbmode is installed and its usb-mode.json entry gives
/// the preferred mode. The message is sent without waiting: the new composition arrives as new add events.</item>
/// <item>add of anything of a modem: every interface whose `device` resolves to it becomes available, and its
/// running session, if it waits for the modem, is woken (<see cref="SessionWake"/>).</item>
/// <item>remove: an interface becomes unavailable only when its `device` no longer resolves (NO_DEVICE) in the
/// current tree; anything less certain leaves it as it is, so a transient failure never parks it.</item>
/// </list>
/// No AT is spoken here: a session may be opening the same ports, and imei: forms are matched by presence.
/// </summary>
public sealed class HotplugHandler(SystemPaths paths, IReadOnlyList<WwanInterface> interfaces, IInterfaceNotifier notifier,
    IUsbTransport transport, SwitchRules rules, bool usbmodeInstalled, Action<string> log)
{
    /// <summary>Handles one event; false when a notification or switch failed (already logged).</summary>
    public async Task<bool> HandleAsync(HotplugEvent e, CancellationToken cancellationToken)
    {
        if (!e.IsAdd && !e.IsRemove) return true;
        if (interfaces.Count == 0) return true;
        var tree = UsbTree.Load(paths);
        return e.IsAdd ? await AddedAsync(e, tree, cancellationToken).ConfigureAwait(false)
            : await RemovedAsync(tree, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> AddedAsync(HotplugEvent e, UsbTree tree, CancellationToken cancellationToken)
    {
        var device = e.UsbDeviceName is { } name ? tree.Find(name) : null;
        if (device is null || !device.IsModem) return true;
        if (device.Kind == ModemKind.Storage)
            return !e.IsUsbDevice || await SwitchAsync(device, tree, cancellationToken).ConfigureAwait(false);

        var ok = true;
        foreach (var iface in interfaces)
        {
            if (!BelongsTo(iface, device, tree)) continue;
            ok &= await NotifyAsync(iface.Name, true, $"{e.DevName ?? e.Subsystem} of {device.Describe()} added", cancellationToken).ConfigureAwait(false);
            // A running session waiting for this modem (after a reset) connects now instead of after its backoff.
            if (SessionWake.Poke(paths, iface.Name, e.DevPath)) log($"{iface.Name}: woke its session");
        }
        return ok;
    }

    private async Task<bool> RemovedAsync(UsbTree tree, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var iface in interfaces)
        {
            if (!IsGone(iface, tree, out var why)) continue;
            ok &= await NotifyAsync(iface.Name, false, why, cancellationToken).ConfigureAwait(false);
        }
        return ok;
    }

    /// <summary>Whether the interface's `device` names this (non-storage) modem.</summary>
    private static bool BelongsTo(WwanInterface iface, UsbDevice device, UsbTree tree)
    {
        if (IsImei(iface.Device)) return device.Ports.Any(p => p.Role.MayProbe());
        var resolved = DeviceResolver.Resolve(tree, iface.Device);
        if (resolved.Device is not null) return resolved.Device.Name == device.Name;
        // "auto" with several modems: setup will report AMBIGUOUS_DEVICE and name them; that is more useful than silence.
        return resolved.Error?.Code == ErrorCodes.AmbiguousDevice && device.IsModem;
    }

    private static bool IsGone(WwanInterface iface, UsbTree tree, out string why)
    {
        if (IsImei(iface.Device))
        {
            why = $"{iface.Device}: no modem with an AT port is left";
            return !tree.Modems.Any(m => m.Kind != ModemKind.Storage && m.Ports.Any(p => p.Role.MayProbe()));
        }
        var resolved = DeviceResolver.Resolve(tree, iface.Device);
        why = resolved.Error?.Message ?? "";
        return resolved.Error?.Code == ErrorCodes.NoDevice;
    }

    private async Task<bool> SwitchAsync(UsbDevice device, UsbTree tree, CancellationToken cancellationToken)
    {
        var claimants = interfaces.Where(i => Claims(i, device, tree)).ToArray();
        if (claimants.Length == 0)
        {
            log($"{device.Describe()}: storage mode, but no huaweiwwan interface claims it; not switching");
            return true;
        }
        var owner = claimants.FirstOrDefault(i => UsbModePreferences.Parse(i.UsbMode) != UsbModePreference.None);
        if (owner is null)
        {
            log($"{device.Describe()}: storage mode; usbmode is none on {string.Join(", ", claimants.Select(c => c.Name))}: not switching");
            return true;
        }
        var preference = UsbModePreferences.Parse(owner.UsbMode);
        if (usbmodeInstalled && rules.UsbModeJsonRule(device) is { } theirs && theirs.Gives(preference))
        {
            log($"{device.Describe()}: left to OpenWrt's usbmode, whose usb-mode.json entry gives {preference.Name()} ({theirs.Describe()})");
            return true;
        }
        var switcher = new ModeSwitcher(paths, transport, rules, new ModeSwitchOptions { WaitForDevice = false });
        var result = await switcher.SwitchAsync(device, preference, cancellationToken).ConfigureAwait(false);
        log($"{owner.Name}: {result.Message}");
        return result.Outcome is not (ModeSwitchOutcome.Failed or ModeSwitchOutcome.NoRule);
    }

    /// <summary>Whether an interface wants this storage-mode device (whose final ids are not known yet).</summary>
    private bool Claims(WwanInterface iface, UsbDevice storage, UsbTree tree)
    {
        var d = iface.Device.Trim();
        if (d is "" or "auto" || IsImei(d) || d.StartsWith("/dev/", StringComparison.Ordinal)) return true;
        var at = d.IndexOf('@');
        if (UsbIds.TryParse(at < 0 ? d : d[..at], out var vendor, out var product))
        {
            if (vendor == storage.Vendor && product == storage.Product) return true;
            return rules.UsbModeJson.Concat(rules.Own).Any(r => r.Matches(storage)
                && (r.TargetVendor ?? r.Vendor) == vendor && (r.TargetProducts.Contains(product) || r.TargetProducts.Count == 0));
        }
        return DeviceResolver.Resolve(tree, d).Device?.Name == storage.Name;
    }

    private async Task<bool> NotifyAsync(string iface, bool available, string why, CancellationToken cancellationToken)
    {
        try
        {
            await notifier.SetAvailableAsync(iface, available, cancellationToken).ConfigureAwait(false);
            log($"{iface}: {(available ? "available" : "unavailable")} ({why})");
            return true;
        }
        catch (Exception ex) when (ex is IOException or Ubus.UbusException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
        {
            log($"{iface}: could not mark {(available ? "available" : "unavailable")}: {ex.Message}");
            return false;
        }
    }

    private static bool IsImei(string device) => device.StartsWith("imei:", StringComparison.Ordinal);
}
