using WwanProto.Core.Native;

namespace WwanProto.Core.Usb;

/// <summary>Bounds of the AT probe.</summary>
public sealed record PortSelectorOptions
{
    /// <summary>Per-port bound for "AT" -> OK; all candidates are probed at once, so this is the whole probe's bound.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan GetPortModeTimeout { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>A port the configuration named (legacy device=/dev/ttyUSB2): chosen as control when it answers.</summary>
    public string? PreferredControl { get; init; }
}

/// <summary>
/// Chooses the control, PPP and net ports of a modem (huawei-modems.md §1.5–1.7): roles from
/// bInterfaceProtocol; ^GETPORTMODE when the serial ports say ff/ff/ff (never on 12d1:1573, which crashes
/// on it); then "AT" on every candidate in parallel. Diag and GPS ports are never written to.
/// </summary>
public static class PortSelector
{
    public static async Task<PortSelection> SelectAsync(UsbDevice device, SystemPaths paths, IPortProbe probe,
        PortSelectorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PortSelectorOptions();
        var roles = device.Ports.ToDictionary(p => p.Name, p => (Role: p.Role, Source: "descriptor"), StringComparer.Ordinal);
        var answers = new Dictionary<string, bool>(StringComparer.Ordinal);
        var held = new Dictionary<string, string>(StringComparer.Ordinal);

        // ff/ff/ff serials: the descriptors do not say which port is diag. Ask the port on the lowest
        // interface first (ModemManager's order; it is the modem or PCUI port on every recorded layout),
        // and learn the rest from ^GETPORTMODE so that the diag port is never written to.
        string? portMode = null;
        var unknown = device.Ports.Where(p => p.Kind == PortKind.Tty && p.Role == PortRole.Unknown).OrderBy(p => p.InterfaceNumber).ToArray();
        if (unknown.Length > 0 && GetPortModeAllowed(device))
        {
            await ProbeAllAsync(unknown[..1], paths, probe, options.ProbeTimeout, answers, held, cancellationToken).ConfigureAwait(false);
            if (!answers[unknown[0].Name])
                await ProbeAllAsync(unknown[1..], paths, probe, options.ProbeTimeout, answers, held, cancellationToken).ConfigureAwait(false);
            var asker = unknown.FirstOrDefault(p => answers.GetValueOrDefault(p.Name));
            if (asker is not null)
            {
                portMode = await probe.GetPortModeAsync(paths.Dev(asker.Name), options.GetPortModeTimeout, cancellationToken).ConfigureAwait(false);
                if (portMode is not null && GetPortModeParser.Parse(portMode) is { Count: > 0 } entries)
                    foreach (var (name, role) in GetPortModeParser.MapToPorts(entries, device))
                        if (roles[name].Role == PortRole.Unknown) roles[name] = (role, "^GETPORTMODE");
            }
        }

        // One parallel round over the rest: a silent port costs one timeout, not one per port.
        var candidates = device.Ports.Where(p => p.Kind != PortKind.Net && roles[p.Name].Role.MayProbe() && !answers.ContainsKey(p.Name)).ToArray();
        await ProbeAllAsync(candidates, paths, probe, options.ProbeTimeout, answers, held, cancellationToken).ConfigureAwait(false);

        var ports = device.Ports.Select(p => new ProbedPort(p, roles[p.Name].Role, roles[p.Name].Source,
            answers.TryGetValue(p.Name, out var a) ? a : null) { HeldBy = held.GetValueOrDefault(p.Name) }).ToArray();
        return new PortSelection
        {
            Device = device,
            Ports = ports,
            Control = ChooseControl(ports, options.PreferredControl),
            Ppp = ChoosePpp(ports),
            NetDev = ports.FirstOrDefault(p => p.Role == PortRole.Net)?.Name,
            CdcWdm = ports.FirstOrDefault(p => p.Port.Kind == PortKind.CdcWdm)?.Name,
            PortMode = portMode,
        };
    }

    /// <summary>Roles from the descriptors only, no I/O: what `probe` shows for a modem it may not touch.</summary>
    public static PortSelection FromDescriptors(UsbDevice device)
    {
        var ports = device.Ports.Select(p => new ProbedPort(p, p.Role, "descriptor", null)).ToArray();
        return new PortSelection
        {
            Device = device,
            Ports = ports,
            Control = ports.FirstOrDefault(p => p.Role == PortRole.Control)?.Name
                ?? ports.FirstOrDefault(p => p.Role == PortRole.CdcWdmAt)?.Name
                ?? (device.Kind == ModemKind.Acm ? ports.FirstOrDefault(p => p.Role == PortRole.Modem)?.Name : null),
            Ppp = ChoosePpp(ports),
            NetDev = ports.FirstOrDefault(p => p.Role == PortRole.Net)?.Name,
            CdcWdm = ports.FirstOrDefault(p => p.Port.Kind == PortKind.CdcWdm)?.Name,
        };
    }

    /// <summary>MU609/ME909u (12d1:1573) crash on ^GETPORTMODE (ModemManager's ID_MM_HUAWEI_DISABLE_GETPORTMODE).</summary>
    public static bool GetPortModeAllowed(UsbDevice device) => !(device.Vendor == UsbIds.Huawei && device.Product == 0x1573);

    private static async Task ProbeAllAsync(UsbPort[] candidates, SystemPaths paths, IPortProbe probe,
        TimeSpan timeout, Dictionary<string, bool> answers, Dictionary<string, string> held, CancellationToken cancellationToken)
    {
        if (candidates.Length == 0) return;
        var results = await Task.WhenAll(candidates.Select(async p =>
        {
            try { return (p.Name, Ok: await probe.AnswersAtAsync(paths.Dev(p.Name), timeout, cancellationToken).ConfigureAwait(false), Held: (string?)null); }
            catch (PortBusyException e) { return (p.Name, Ok: false, Held: e.Message); }
            catch (Exception e) when (e is not OperationCanceledException) { return (p.Name, Ok: false, Held: null); }
        })).ConfigureAwait(false);
        foreach (var (name, ok, holder) in results)
        {
            answers[name] = ok;
            if (holder is not null) held[name] = holder;
        }
    }

    private static string? ChooseControl(ProbedPort[] ports, string? preferred)
    {
        var answering = ports.Where(p => p.Answered == true).ToArray();
        if (preferred is not null && answering.Any(p => p.Name == preferred)) return preferred;
        foreach (var role in (ReadOnlySpan<PortRole>)[PortRole.Control, PortRole.CdcWdmAt, PortRole.Unknown, PortRole.Modem])
            if (answering.FirstOrDefault(p => p.Role == role) is { } chosen) return chosen.Name;
        return null;
    }

    private static string? ChoosePpp(ProbedPort[] ports) =>
        ports.FirstOrDefault(p => p.Role == PortRole.Modem && p.Port.Kind == PortKind.Tty)?.Name;
}
