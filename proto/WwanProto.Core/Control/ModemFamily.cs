using WwanProto.Core.Session;
using WwanProto.Core.Usb;

namespace WwanProto.Core.Control;

/// <summary>Which protocol the session speaks to the modem.</summary>
public enum ControlPlaneKind
{
    /// <summary>AT commands on a serial port or an AT cdc-wdm node.</summary>
    At,
    /// <summary>QMUX on a qmi_wwan cdc-wdm node.</summary>
    Qmi,
    /// <summary>A HiLink stick's web API on the router inside it.</summary>
    HiLink,
    /// <summary>None: a USB tethering phone.</summary>
    None,
}

/// <summary>
/// A modem family: control plane and data link, chosen together from the modem kind (<see cref="ModemClassifier"/>)
/// and the `linktype` option. <see cref="Link"/> is the name <c>Links.DataLinks</c> builds: "ncm", "ppp", "qmi",
/// "ethernet".
/// </summary>
public sealed record ModemFamily(ControlPlaneKind Control, string Link)
{
    public static readonly ModemFamily AtNcm = new(ControlPlaneKind.At, "ncm");
    public static readonly ModemFamily AtPpp = new(ControlPlaneKind.At, "ppp");
    public static readonly ModemFamily Qmi = new(ControlPlaneKind.Qmi, "qmi");
    public static readonly ModemFamily HiLink = new(ControlPlaneKind.HiLink, "ethernet");
    public static readonly ModemFamily Tethering = new(ControlPlaneKind.None, "ethernet");

    /// <summary>
    /// The one table. AT modems (NCM, serial, ACM): NCM when asked or when there is a netdev (auto), else PPP. A QMI
    /// modem: QMI, or PPP on its modem port with AT on its PCUI port. A HiLink stick: its API and its Ethernet link.
    /// A tethering phone: no control plane, Ethernet. A `linktype` the modem cannot do is a fatal UNSUPPORTED_MODEM
    /// that says what the modem is and what would work (never an AT dial on a qmi_wwan netdev).
    /// </summary>
    public static ModemFamily Choose(ModemKind kind, string linkType, bool hasNetDev, string device)
    {
        switch (kind)
        {
            case ModemKind.Qmi:
                return linkType switch
                {
                    "auto" or "qmi" => Qmi,
                    "ppp" => AtPpp,
                    _ => throw Unsupported(linkType, device, "a QMI modem (qmi_wwan network device)", "auto, qmi or ppp"),
                };
            case ModemKind.HiLink:
                return linkType is "auto" or "hilink" ? HiLink
                    : throw Unsupported(linkType, device, "a HiLink stick (no AT or PPP port; usbmode stick switches a dual-mode stick)", "auto or hilink");
            case ModemKind.Ethernet:
                return linkType == "auto" ? Tethering
                    : throw Unsupported(linkType, device, "a USB tethering device (RNDIS/ECM, no control port)", "auto");
            default:
                return linkType switch
                {
                    "ncm" => AtNcm,
                    "ppp" => AtPpp,
                    "auto" => hasNetDev ? AtNcm : AtPpp,
                    _ => throw Unsupported(linkType, device, $"an AT modem ({kind.Name()}) without a {linkType} interface", "auto, ncm or ppp"),
                };
        }
    }

    private static SessionException Unsupported(string linkType, string device, string what, string works) =>
        new(new SessionError(ErrorCodes.UnsupportedModem, $"linktype {linkType}: {device} is {what}; use linktype {works}", Fatal: true));
}
