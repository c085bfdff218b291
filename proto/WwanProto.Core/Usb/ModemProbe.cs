using WwanProto.Core.Modem;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Core.Usb;

/// <summary>What `probe` found about one modem.</summary>
public sealed record ModemProbeReport(UsbDevice Device, PortSelection Selection, ModemIdentity? Identity, string? Note);

/// <summary>Bounds of a probe run.</summary>
public sealed record ModemProbeOptions
{
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Descriptor roles only: no port is opened.</summary>
    public bool NoAt { get; init; }
}

/// <summary>
/// Lists modems with their port roles and identity: every modem of the tree is probed at the same time,
/// each one's candidate ports in parallel (PortSelector), then ATI/+CGSN on the chosen control port.
/// </summary>
public static class ModemProbe
{
    public static async Task<IReadOnlyList<ModemProbeReport>> RunAsync(UsbTree tree, IEnumerable<UsbDevice> devices, IPortProbe probe,
        Func<string, Task<Modem.ModemIdentity?>>? identify, SwitchRules? rules, ModemProbeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ModemProbeOptions();
        var tasks = devices.Select(async device =>
        {
            if (options.NoAt || device.Kind is ModemKind.Storage or ModemKind.HiLink or ModemKind.Ethernet)
                return new ModemProbeReport(device, PortSelector.FromDescriptors(device), null, NoteFor(device, rules));
            var selection = await PortSelector.SelectAsync(device, tree.Paths, probe, new PortSelectorOptions { ProbeTimeout = options.ProbeTimeout },
                cancellationToken).ConfigureAwait(false);
            ModemIdentity? identity = null;
            string? note = null;
            if (selection.ControlPath(tree.Paths) is { } control && identify is not null)
                identity = await identify(control).ConfigureAwait(false);
            else if (selection.Control is null)
                note = "no port answered AT (in use by a running session, still booting, or not an AT modem)";
            return new ModemProbeReport(device, selection, identity, note);
        });
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static string? NoteFor(UsbDevice device, SwitchRules? rules) => device.Kind switch
    {
        ModemKind.Storage => rules?.Choose(device, UsbModePreference.Stick) is { } rule
            ? $"in storage (CD-ROM) mode; `huaweiwwan modeswitch {device.Name}` would send {rule.Describe()}"
            : "in storage (CD-ROM) mode; no switch message known",
        ModemKind.HiLink => "HiLink: no AT port; DHCP on the net interface, control through the web API",
        ModemKind.Ethernet => "USB Ethernet tethering: no AT port; DHCP on the net interface",
        _ => null,
    };

    /// <summary>The production identity reader: ATI and +CGxx on the control port through the AT engine.</summary>
    public static Func<string, Task<ModemIdentity?>> AtIdentity(AtPortProbe probe, TimeSpan timeout, CancellationToken cancellationToken) =>
        async path =>
        {
            await using var channel = probe.OpenOrNull(path);
            if (channel is null) return null;
            try
            {
                var (identity, _) = await ModemIdentity.ReadAsync(channel, timeout, cancellationToken).ConfigureAwait(false);
                return identity;
            }
            catch (IOException) { return null; }
        };
}
