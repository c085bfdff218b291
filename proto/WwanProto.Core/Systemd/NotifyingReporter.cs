using WwanProto.Core.Session;

namespace WwanProto.Core.Systemd;

/// <summary>
/// Passes the session's reports on to the real reporter, then tells systemd (Type=notify) what happened.
/// "Ready" means the link is connected and configured: READY=1 follows the first link-up, so units ordered
/// after huaweiwwan@IFACE start once the WAN works. systemd has no way back from ready, so across a reconnect
/// the service stays active and only STATUS= says "reconnecting"; each later link-up repeats READY=1 (harmless).
/// </summary>
public sealed class NotifyingReporter(ILinkReporter inner, SdNotify notify) : ILinkReporter
{
    private string? _lastState;

    public async Task LinkUpAsync(LinkUp link, CancellationToken cancellationToken)
    {
        await inner.LinkUpAsync(link, cancellationToken).ConfigureAwait(false);
        var address = link.Ipv4?.Address ?? link.Ipv6?.Address;
        var network = string.Join(", ", new[] { link.Status.Operator, link.Status.Rat }.Where(s => !string.IsNullOrEmpty(s)));
        _lastState = "connected";
        notify.Send("READY=1\n" + SdNotify.StatusLine($"connected on {link.Ifname}" + (address is null ? "" : $", {address}") + (network.Length == 0 ? "" : $" ({network})")));
    }

    public async Task LinkDownAsync(string reason, CancellationToken cancellationToken)
    {
        await inner.LinkDownAsync(reason, cancellationToken).ConfigureAwait(false);
        _lastState = "reconnecting";
        notify.Send(SdNotify.StatusLine($"reconnecting: {reason}"));
    }

    public async Task ErrorAsync(SessionError error, CancellationToken cancellationToken)
    {
        await inner.ErrorAsync(error, cancellationToken).ConfigureAwait(false);
        _lastState = "failed";
        notify.Send(SdNotify.StatusLine($"{(error.Fatal ? "fatal error" : "error")} {error.Code}: {error.Message}"));
    }

    /// <summary>Only a change of the modem's state is worth a STATUS= line (signal changes come often).</summary>
    public void StatusChanged(ModemStatus status)
    {
        inner.StatusChanged(status);
        if (status.State is not { } state || state == _lastState || state == "connected") return;
        _lastState = state;
        notify.Send(SdNotify.StatusLine(state));
    }
}
