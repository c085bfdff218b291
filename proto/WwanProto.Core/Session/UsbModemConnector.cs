using WwanProto.Core.Control;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Core.Session;

/// <summary>Bounds of finding and opening the modem.</summary>
public sealed record ConnectorTuning
{
    /// <summary>How long a missing device is waited for (enumeration after plug-in or reset) before NO_DEVICE.</summary>
    public TimeSpan DeviceWait { get; init; } = TimeSpan.FromSeconds(10);
    public PortSelectorOptions Ports { get; init; } = new();
    public ModeSwitchOptions Switch { get; init; } = new();
}

/// <summary>
/// The production <see cref="IModemConnector"/>: the USB tree (sysfs), the `device` option, the mode
/// switch for storage-mode sticks, port selection by descriptors + ^GETPORTMODE + AT probe, then the
/// control plane the modem family asks for (AT: the control port opened with its UUCP lock). After a reset the device is looked up by its USB path first
/// (stable across renumbered ttys), then by the configured `device`.
/// </summary>
public sealed class UsbModemConnector(
    string device, string usbMode, SystemPaths paths, IPortProbe probe, IImeiLookup? imeiLookup,
    ModeSwitcher switcher, Action<string> log, ConnectorTuning? tuning = null) : IModemConnector
{
    private readonly ConnectorTuning _tuning = tuning ?? new ConnectorTuning();

    /// <summary>The `linktype` option: with the modem kind it picks control plane and data link (<see cref="ModemFamily.Choose"/>).</summary>
    public string LinkType { get; init; } = "auto";

    /// <summary>Called with the device found, before any of its ports is opened (ModemManager is asked to let go of it).</summary>
    public Func<UsbDevice, Task>? Found { get; init; }

    /// <summary>Where the QMI and HiLink control planes register; AT and "none" are built in.</summary>
    public ControlPlanes ControlPlanes { get; init; } = ControlPlanes.Default;

    /// <summary>
    /// The connector for a real host: usbdevfs for the mode switch with <paramref name="rules"/>
    /// (usb-mode.json + our table), the AT probe with UUCP locks, IMEI lookup for device=imei:.
    /// </summary>
    public static UsbModemConnector ForHost(string device, string usbMode, SystemPaths paths, SwitchRules rules, Action<string> log,
        ConnectorTuning? tuning = null, string linkType = "auto", ControlPlanes? controlPlanes = null, Func<UsbDevice, Task>? found = null)
    {
        var probe = new AtPortProbe(paths.LockDir);
        var switcher = new ModeSwitcher(paths, new UsbDevfsTransport(), rules, (tuning ?? new ConnectorTuning()).Switch);
        return new UsbModemConnector(device, usbMode, paths, probe, new AtImeiLookup(paths, probe, TimeSpan.FromSeconds(2)), switcher, log, tuning)
        {
            LinkType = linkType,
            ControlPlanes = controlPlanes ?? ControlPlanes.Default,
            Found = found,
        };
    }

    public async Task<ModemConnection> ConnectAsync(ModemFingerprint? previous, CancellationToken ct)
    {
        var (found, portName) = await ResolveAsync(previous, ct).ConfigureAwait(false);
        if (Found is { } onFound) await onFound(found).ConfigureAwait(false);

        if (found.Kind == ModemKind.Storage)
        {
            // Said before the wait (up to usbmode's turn plus the switch's bound) so that a log shows what the session waits for.
            log($"usb: {found.Name} {found.Id} is in storage mode: switching it and waiting for the modem");
            var result = await switcher.SwitchAsync(found, UsbModePreferences.Parse(usbMode), ct).ConfigureAwait(false);
            log($"usb: {result.Message}");
            if (result.Error is { } error) throw new SessionException(error);
            found = result.Device ?? found;
        }

        var selection = await PortSelector.SelectAsync(found, paths, probe,
            _tuning.Ports with { PreferredControl = portName }, ct).ConfigureAwait(false);
        var family = ModemFamily.Choose(found.Kind, LinkType, selection.NetDev is not null, found.Describe());
        var opened = await ControlPlanes.OpenAsync(new ControlPlaneContext(found, selection, family, paths, log, switcher.Transport), ct).ConfigureAwait(false);
        return new ModemConnection(opened.Control, opened.At)
        {
            Family = family,
            PppPort = selection.PppPath(paths),
            NetDev = selection.NetDev,
            UsbPath = found.Name,
            UsbId = found.Id,
            Owned = opened.Owned,
        };
    }

    private async Task<(UsbDevice Device, string? PortName)> ResolveAsync(ModemFingerprint? previous, CancellationToken ct)
    {
        DeviceResolution? last = null;
        var found = await UsbTreeWaiter.WaitForAsync(paths, tree =>
        {
            // The same physical port first: the modem came back after a reset, maybe with other tty numbers.
            if (previous?.UsbPath is { } usbPath && tree.Find(usbPath) is { } same) { last = DeviceResolution.Of(same); return same; }
            if (device.StartsWith("imei:", StringComparison.Ordinal)) return null;
            last = DeviceResolver.Resolve(tree, device);
            return last.Device;
        }, _tuning.DeviceWait, ct).ConfigureAwait(false);
        if (found is not null) return (found, last?.PortName);

        if (device.StartsWith("imei:", StringComparison.Ordinal))
        {
            var byImei = await DeviceResolver.ResolveAsync(UsbTree.Load(paths), device, imeiLookup, ct).ConfigureAwait(false);
            if (byImei.Device is { } d) return (d, byImei.PortName);
            last = byImei;
        }
        var error = last?.Error ?? new SessionError(ErrorCodes.NoDevice, $"device '{device}': no modem found");
        throw new SessionException(previous is null ? error
            : new SessionError(ErrorCodes.ModemGone, $"the modem at {previous.UsbPath} did not come back within {_tuning.DeviceWait.TotalSeconds:0} s ({error.Message})"));
    }
}
