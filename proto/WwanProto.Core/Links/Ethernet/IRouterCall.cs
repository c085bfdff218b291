namespace WwanProto.Core.Links.Ethernet;

/// <summary>
/// The mobile call of a device that is its own router and can be asked about it (a HiLink stick's web API):
/// started before the link is reported, watched while it is up, ended at teardown. Tethering phones have none.
/// </summary>
public interface IRouterCall
{
    /// <summary>Brings the device's own call up (APN, data switch) and waits, bounded, until it reports it up.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>Completes with a reason when the device's call is gone for good (after its own recovery steps).</summary>
    Task<string> WatchAsync(CancellationToken ct);

    /// <summary>At teardown; must finish well within netifd's 5 s.</summary>
    Task EndAsync(CancellationToken ct);
}
