using WwanProto.Core.Session;

namespace WwanProto.Core.Links;

/// <summary>
/// A data-link backend (NCM, PPP, QMI, HiLink). The session decides when to connect and reconnect;
/// the backend knows how. Control-port preparation (SIM, mode, registration) is done before
/// <see cref="ConnectAsync"/> is called.
/// </summary>
public interface IDataLink : IAsyncDisposable
{
    /// <summary>"ncm", "ppp", "qmi" or "hilink".</summary>
    string Kind { get; }

    /// <summary>Brings the data call up and returns the device and IP configuration that carries it.</summary>
    Task<DataLinkUp> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Completes with a reason when an established link is lost (^NDISSTAT:0, pppd exit, port gone).</summary>
    Task<string> Lost { get; }

    /// <summary>Hangs up; must finish well within netifd's 5 s teardown deadline.</summary>
    Task DisconnectAsync(CancellationToken cancellationToken);
}

/// <summary>The result of a successful connect: the netdev and what the network assigned.</summary>
public sealed record DataLinkUp(string Ifname, IpConfig? Ipv4, IpConfig? Ipv6, bool NeedsDhcp, bool NeedsDhcpv6);
