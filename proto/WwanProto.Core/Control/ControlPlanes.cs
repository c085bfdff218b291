using WwanProto.Core.At;
using WwanProto.Core.Native;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Core.Control;

/// <summary>What an opener gets: the device, the selected ports, the family it was chosen for.</summary>
/// <param name="Usb">usbdevfs access for a recovery reset of <paramref name="Device"/> (null: no reset possible).</param>
public sealed record ControlPlaneContext(UsbDevice Device, PortSelection Ports, ModemFamily Family, SystemPaths Paths, Action<string> Log, IUsbTransport? Usb = null);

/// <summary>
/// An opened control plane. <see cref="At"/> is the AT channel when the modem has one the session should own (the
/// NCM link dials on it, PPP lends it, the ubus `at` method queues on it); a QMI modem may offer its PCUI port here.
/// <see cref="Owned"/>: anything else to release with the connection (lock files, sockets).
/// </summary>
public sealed record OpenedControl(IModemControl Control, IAtChannel? At = null, IAsyncDisposable? Owned = null);

/// <summary>Opens the control plane of one kind for a selected device.</summary>
public delegate Task<OpenedControl> ControlPlaneOpener(ControlPlaneContext context, CancellationToken cancellationToken);

/// <summary>
/// The registration point for control planes, one opener per <see cref="ControlPlaneKind"/>. AT and "none" are built
/// in; QMI and HiLink register theirs (<c>new ControlPlanes { Qmi = QmiControl.OpenAsync }</c>), as
/// <c>Links.DataLinks</c> takes the PPP, QMI and Ethernet link factories. A kind without an opener fails with a
/// fatal UNSUPPORTED_MODEM naming the kind, before anything is sent to the modem.
/// </summary>
public sealed class ControlPlanes
{
    public static readonly ControlPlanes Default = new();

    public ControlPlaneOpener? Qmi { get; init; }
    public ControlPlaneOpener? HiLink { get; init; }

    public Task<OpenedControl> OpenAsync(ControlPlaneContext context, CancellationToken ct) => context.Family.Control switch
    {
        ControlPlaneKind.At => Task.FromResult(OpenAt(context)),
        ControlPlaneKind.None => Task.FromResult(OpenNone(context)),
        ControlPlaneKind.Qmi => (Qmi ?? throw NotBuilt(context, "QMI", "linktype ppp dials on its modem port over AT"))(context, ct),
        ControlPlaneKind.HiLink => (HiLink ?? throw NotBuilt(context, "HiLink web API", "usbmode stick switches a dual-mode stick to its AT/NCM mode"))(context, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(context), context.Family.Control, "unknown control plane"),
    };

    /// <summary>A tethering phone: identity from USB, and the device's presence on USB watched (it ends with the connection).</summary>
    private static OpenedControl OpenNone(ControlPlaneContext context)
    {
        var life = new CancellationTokenSource();
        var gone = UsbPresence.GoneAsync(context.Paths, context.Device.Name, TimeSpan.FromSeconds(1), life.Token);
        return new OpenedControl(new NoModemControl(context.Ports.NetDev ?? context.Device.Describe(), context.Device.Manufacturer,
            context.Device.ProductName, context.Device.Serial, gone), Owned: new CancelOnDispose(life));
    }

    /// <summary>Stops a watch that lives as long as the connection.</summary>
    private sealed class CancelOnDispose(CancellationTokenSource life) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await life.CancelAsync().ConfigureAwait(false);
            life.Dispose();
        }
    }

    /// <summary>The AT control port the port selection found, opened with its UUCP lock.</summary>
    private static OpenedControl OpenAt(ControlPlaneContext context)
    {
        var selection = context.Ports;
        var control = selection.Control ?? throw new SessionException(NoControlPort(context));
        if (HeldInsteadOfModemPort(context, control) is { } held)
            throw new SessionException(held);
        try
        {
            var channel = AtChannel.Open(context.Paths.Dev(control), new AtChannelOptions { LockDir = context.Paths.LockDir });
            return new OpenedControl(new AtModemControl(channel), channel);
        }
        catch (PortBusyException e)
        {
            throw new SessionException(new SessionError(ErrorCodes.PortBusy, e.Message));
        }
    }

    /// <summary>
    /// No port answered AT. When another program holds any of them, that is the cause (PORT_BUSY, naming each held
    /// port and the pid its lock gives); otherwise the ports were silent (NO_CONTROL_PORT). Both are retried.
    /// </summary>
    private static SessionError NoControlPort(ControlPlaneContext context)
    {
        var ports = context.Ports.Ports;
        var states = States(context);
        var held = ports.Where(p => p.HeldBy is not null).Select(p => p.HeldBy!).ToList();
        return held.Count > 0
            ? new SessionError(ErrorCodes.PortBusy, $"no port of {context.Device.Describe()} may be used: held by another program: {string.Join("; ", held)} ({states})")
            : new SessionError(ErrorCodes.NoControlPort, $"no port of {context.Device.Describe()} answered AT ({states})");
    }

    /// <summary>
    /// An NCM stick whose control port another program holds, and only its modem port answered: the stick ignores
    /// ^NDISDUP on the modem port and reports the call (^NDISSTAT) only on the port that dialled it (huawei-modems.md
    /// §1.8), so a session on the modem port waited out its connect bound without an error. PORT_BUSY naming the held
    /// port instead, at once and retried; a free port that can carry the call (a cdc-wdm AT port) is chosen before this.
    /// </summary>
    private static SessionError? HeldInsteadOfModemPort(ControlPlaneContext context, string control)
    {
        var ports = context.Ports.Ports;
        if (context.Family.Link != ModemFamily.AtNcm.Link || ports.FirstOrDefault(p => p.Name == control)?.Role != PortRole.Modem)
            return null;
        var held = ports.Where(p => p.Role is PortRole.Control or PortRole.CdcWdmAt && p.HeldBy is not null).Select(p => p.HeldBy!).ToList();
        return held.Count == 0 ? null
            : new SessionError(ErrorCodes.PortBusy, $"the control port of {context.Device.Describe()} is held by another program: {string.Join("; ", held)}; " +
                $"its modem port {context.Paths.Dev(control)} answers AT but cannot carry the NCM call, which the stick reports only on its control port ({States(context)})");
    }

    private static string States(ControlPlaneContext context) =>
        string.Join(", ", context.Ports.Ports.Select(p => $"{p.Name} {p.Role.Name()} {(p.HeldBy is null ? p.State : "held")}"));

    private static SessionException NotBuilt(ControlPlaneContext context, string plane, string instead) =>
        new(new SessionError(ErrorCodes.UnsupportedModem,
            $"{context.Device.Describe()} is a {context.Device.Kind.Name()} modem: its {plane} control plane is not supported in this build ({instead})",
            Fatal: true));
}
