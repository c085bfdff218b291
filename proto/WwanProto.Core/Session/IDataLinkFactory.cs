using WwanProto.Core.Config;
using WwanProto.Core.Links;

namespace WwanProto.Core.Session;

/// <summary>Everything a data-link backend may need from the session.</summary>
public sealed record DataLinkContext(ModemConnection Modem, InterfaceOptions Options, SessionTuning Tuning, Action<string> Log);

/// <summary>
/// Makes the data link for an opened modem (NCM, PPP, ...). The session creates a new one for every
/// connect attempt and disposes it afterwards. Failures are <see cref="SessionException"/>s
/// (UNSUPPORTED_MODEM, NO_IFACE).
/// </summary>
public interface IDataLinkFactory
{
    IDataLink Create(DataLinkContext context);
}
