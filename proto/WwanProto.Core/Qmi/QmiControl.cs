using WwanProto.Core.Control;
using WwanProto.Core.Links;
using WwanProto.Core.Links.Qmi;
using WwanProto.Core.Modem;
using WwanProto.Core.Session;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Core.Qmi;

/// <summary>
/// Plugs QMI into the session: the control-plane opener for <see cref="ControlPlanes"/> (with the recovery ladder for
/// a silent cdc-wdm) and the data-link factory for <see cref="DataLinks"/>.
/// </summary>
public static class QmiControl
{
    /// <summary>Per-request bound; a QMI answer takes milliseconds, a busy modem a second or two.</summary>
    public static TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The AT control plane built in, QMI registered.</summary>
    public static ControlPlanes Planes(ControlPlanes? others = null) => new() { Qmi = OpenAsync, HiLink = others?.HiLink };

    public static async Task<OpenedControl> OpenAsync(ControlPlaneContext context, CancellationToken ct)
    {
        var path = context.Ports.CdcWdmPath(context.Paths)
            ?? throw new SessionException(new SessionError(ErrorCodes.NoControlPort, $"{context.Device.Describe()} has a qmi_wwan interface but no cdc-wdm node"));
        var netdev = context.Ports.NetDev
            ?? throw new SessionException(new SessionError(ErrorCodes.NoIface, $"{context.Device.Describe()} has a QMI control node {path} but no network device", Fatal: true));
        var state = new QmiStateFile(context.Paths, context.Device.Name);
        var qmi = await OpenWithLadderAsync(path, state, context.Log, ct, () => ResetUsb(context)).ConfigureAwait(false);
        var rawIp = Path.Combine(context.Paths.SysRoot, "class", "net", netdev, "qmi", "raw_ip");
        return new OpenedControl(new QmiModemControl(qmi, rawIp));
    }

    /// <summary>
    /// A silent cdc-wdm (CTL does not answer) is worked on step by step, each bounded by <see cref="RequestTimeout"/>:
    /// 1 open again (a stale reader in the kernel), 2 CTL Sync (the modem drops every client id), 3 DMS Set Operating
    /// Mode reset on the DMS client an earlier session recorded (the firmware restarts and re-enumerates), 4 a USB reset
    /// of the device through usbdevfs (<paramref name="resetUsb"/>: the port re-enumerates it, a firmware too hung for
    /// rung 3 included). Still silent: INITIALIZE_FAILED, which the session retries with its backoff; with the device
    /// re-enumerating, the session's arrival waker (uevents, hotplug) starts that retry as soon as it is back, and the
    /// connector finds it again by its USB path.
    /// </summary>
    public static async Task<QmiModem> OpenWithLadderAsync(string path, QmiStateFile state, Action<string> log, CancellationToken ct, Func<string>? resetUsb = null)
    {
        try { return await QmiModem.OpenAsync(path, state, RequestTimeout, log, ct).ConfigureAwait(false); }
        catch (QmiTimeoutException e) { log($"qmi: {e.Message}; recovery 1: opening {path} again"); }

        try { return await QmiModem.OpenAsync(path, state, RequestTimeout, log, ct).ConfigureAwait(false); }
        catch (QmiTimeoutException e) { log($"qmi: {e.Message}; recovery 2: CTL Sync"); }

        await using (var device = QmiDevice.Open(path, log))
        {
            try
            {
                await device.CallAsync(0, CtlMessages.Sync(), RequestTimeout, ct).ConfigureAwait(false);
                state.Delete(); // every client id is gone now, the earlier session's too
            }
            catch (QmiTimeoutException e)
            {
                log($"qmi: {e.Message}; recovery 3: operating-mode reset");
                var reset = "no DMS client recorded for an operating-mode reset";
                if (state.Read().Clients.TryGetValue(QmiService.Dms, out var dms))
                {
                    try
                    {
                        await device.CallAsync(dms, DmsMessages.SetOperatingMode(DmsMessages.OperatingMode.Reset), RequestTimeout, ct).ConfigureAwait(false);
                        reset = "an operating-mode reset was accepted";
                    }
                    catch (Exception r) when (r is QmiTimeoutException or QmiErrorException)
                    {
                        log($"qmi: {r.Message}");
                        reset = $"the operating-mode reset got {(r is QmiTimeoutException ? "no answer" : r.Message)}";
                    }
                }
                if (!reset.EndsWith("accepted", StringComparison.Ordinal) && resetUsb is not null)
                {
                    log($"qmi: {reset}; recovery 4: USB reset");
                    reset += "; " + resetUsb();
                }
                throw ModemErrors.Fail(ErrorCodes.InitializeFailed,
                    $"{path} does not answer QMI (no answer to CTL after opening it again and CTL Sync; {reset})");
            }
            catch (QmiErrorException e) { log($"qmi: {e.Message}"); }
        }
        try { return await QmiModem.OpenAsync(path, state, RequestTimeout, log, ct).ConfigureAwait(false); }
        catch (QmiTimeoutException e) { throw ModemErrors.Fail(ErrorCodes.InitializeFailed, $"{e.Message} (after CTL Sync)"); }
    }

    /// <summary>USBDEVFS_RESET on the modem's usbdevfs node; says what happened (for the error the session reports).</summary>
    private static string ResetUsb(ControlPlaneContext context)
    {
        if (context.Usb is not { } usb) return "no usbdevfs access for a USB reset";
        var node = context.Device.UsbDevfsPath(context.Paths);
        try
        {
            using (var handle = usb.Open(node)) handle.Reset();
            context.Log($"qmi: {context.Device.Name} reset through {node} (USBDEVFS_RESET); it re-enumerates");
            return $"the USB device was reset through {node}";
        }
        catch (UsbTransportException e)
        {
            context.Log($"qmi: USB reset: {e.Message}");
            return $"the USB reset failed ({e.Message})";
        }
    }

    /// <summary>The factory for <see cref="DataLinks.Qmi"/>.</summary>
    public static IDataLink Link(DataLinkContext context) =>
        context.Modem.Control is QmiModemControl qmi && context.Modem.NetDev is { } netdev
            ? new QmiLink(context, qmi.Modem, netdev, qmi.RawIpFile)
            : throw ModemErrors.Fail(ErrorCodes.UnsupportedModem, $"linktype qmi needs the QMI control plane and a qmi_wwan network device ({context.Modem.Control.Name})", fatal: true);
}
