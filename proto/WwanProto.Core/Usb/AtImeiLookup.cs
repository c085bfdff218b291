using WwanProto.Core.Modem;

namespace WwanProto.Core.Usb;

/// <summary>
/// <see cref="IImeiLookup"/> for imei: device names: finds the modem's AT port (descriptor roles first,
/// then whatever answers) and reads its identity (ATI / AT+CGSN).
/// </summary>
public sealed class AtImeiLookup(SystemPaths paths, AtPortProbe probe, TimeSpan timeout) : IImeiLookup
{
    public async Task<string?> GetImeiAsync(UsbDevice device, CancellationToken cancellationToken)
    {
        var selection = await PortSelector.SelectAsync(device, paths, probe, new PortSelectorOptions { ProbeTimeout = timeout }, cancellationToken)
            .ConfigureAwait(false);
        if (selection.ControlPath(paths) is not { } control) return null;
        await using var channel = probe.OpenOrNull(control);
        if (channel is null) return null;
        var (identity, _) = await ModemIdentity.ReadAsync(channel, timeout, cancellationToken).ConfigureAwait(false);
        return identity.Imei;
    }
}
