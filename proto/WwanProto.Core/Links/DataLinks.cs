using WwanProto.Core.Links.Ncm;
using WwanProto.Core.Modem;
using WwanProto.Core.Session;

namespace WwanProto.Core.Links;

/// <summary>
/// Picks the data link for the `linktype` option: NCM when asked or when the modem has an NCM netdev
/// (auto), PPP through <paramref name="ppp"/> (the PPP backend registers itself there), else an error.
/// </summary>
public sealed class DataLinks(Func<DataLinkContext, IDataLink>? ppp = null) : IDataLinkFactory
{
    public IDataLink Create(DataLinkContext context)
    {
        var type = context.Options.LinkType;
        if (type == "ncm" || (type == "auto" && context.Modem.NetDev is not null))
        {
            if (context.Modem.NetDev is null)
                throw ModemErrors.Fail(ErrorCodes.NoIface, $"linktype ncm, but the modem ({context.Modem.UsbId ?? context.Modem.Control.Path}) has no NCM network device", fatal: true);
            return new NcmLink(context);
        }
        if ((type is "ppp" or "auto") && ppp is not null) return ppp(context);
        throw ModemErrors.Fail(ErrorCodes.UnsupportedModem,
            type == "auto" ? "the modem has no NCM network device and no PPP backend is available"
                           : $"linktype {type} is not available in this build", fatal: true);
    }
}
