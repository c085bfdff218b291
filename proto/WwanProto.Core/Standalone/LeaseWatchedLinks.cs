using WwanProto.Core.Links;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>
/// Standalone `up` with option dhcp/dhcpv6: a data link whose DHCP lease is gone is as dead as one whose call
/// dropped, so each link's <see cref="IDataLink.Lost"/> also completes when the <see cref="HostReporter"/>'s
/// DHCP client loses the lease. The session then takes its usual path: link down, hang up, reconnect.
/// </summary>
public sealed class LeaseWatchedLinks(IDataLinkFactory inner, HostReporter reporter) : IDataLinkFactory
{
    public IDataLink Create(DataLinkContext context) => new LeaseWatchedLink(inner.Create(context), reporter);

    private sealed class LeaseWatchedLink(IDataLink inner, HostReporter reporter) : IDataLink
    {
        public string Kind => inner.Kind;

        public Task<DataLinkUp> ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

        private Task<string>? _lost;

        // One task (the session compares it with what Task.WhenAny returned), made on first read: when the
        // session starts supervising. The reporter's LeaseLost is the one of this link from its link-up on.
        public Task<string> Lost => _lost ??= Task.WhenAny(inner.Lost, reporter.LeaseLost).Unwrap();

        public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
