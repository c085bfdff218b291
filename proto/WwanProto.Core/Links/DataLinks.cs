using WwanProto.Core.Control;
using WwanProto.Core.Links.Ncm;
using WwanProto.Core.Modem;
using WwanProto.Core.Session;
using WwanProto.Core.Usb;

namespace WwanProto.Core.Links;

/// <summary>
/// Builds the data link the modem family names (<see cref="ModemFamily.Choose"/>, from the modem kind and the
/// `linktype` option): NCM built in; PPP through <paramref name="ppp"/> (the PPP backend registers itself there), QMI
/// through <see cref="Qmi"/>, Ethernet (HiLink sticks, tethering phones) through <see cref="Ethernet"/>. A family
/// whose link is not registered is a fatal UNSUPPORTED_MODEM naming the link.
/// </summary>
public sealed class DataLinks(Func<DataLinkContext, IDataLink>? ppp = null) : IDataLinkFactory
{
    /// <summary>The QMI link (WDS start network on the QMI control plane).</summary>
    public Func<DataLinkContext, IDataLink>? Qmi { get; init; }

    /// <summary>The Ethernet link (DHCP on a cdc_ether/rndis_host netdev).</summary>
    public Func<DataLinkContext, IDataLink>? Ethernet { get; init; }

    public IDataLink Create(DataLinkContext context)
    {
        var modem = context.Modem;
        var family = modem.Family ?? ModemFamily.Choose(ModemKind.None, context.Options.LinkType, modem.NetDev is not null, modem.UsbId ?? modem.Control.Name);
        switch (family.Link)
        {
            case "ncm":
                if (modem.NetDev is null || modem.At is null)
                    throw ModemErrors.Fail(ErrorCodes.NoIface, $"linktype ncm, but the modem ({modem.UsbId ?? modem.Control.Name}) has no NCM network device", fatal: true);
                return new NcmLink(context);
            case "ppp" when ppp is not null:
                return ppp(context);
            case "qmi" when Qmi is not null:
                return Qmi(context);
            case "ethernet" when Ethernet is not null:
                return Ethernet(context);
        }
        throw ModemErrors.Fail(ErrorCodes.UnsupportedModem,
            context.Options.LinkType == "auto" && family.Link == "ppp"
                ? "the modem has no NCM network device and no PPP backend is available"
                : $"the {family.Link} data link ({modem.UsbId ?? modem.Control.Name}) is not available in this build", fatal: true);
    }
}
