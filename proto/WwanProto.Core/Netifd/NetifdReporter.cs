using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The session's <see cref="ILinkReporter"/> under netifd: link-up as action 0 (static addresses from the
/// modem, or a bare link-up plus dhcp/dhcpv6 children via add_dynamic), link loss as link-up false,
/// errors as action 3 (+ action 4 when fatal). netifd refuses updates while it tears the interface down
/// (PERMISSION_DENIED): that is expected then, logged, never thrown into the session. Status changes
/// feed <see cref="Status"/> (the ubus status object reads it) and the state file teardown needs.
/// After a ubusd restart (the client reconnected) the current link state goes to netifd again: netifd
/// keeps its interfaces across a ubusd restart, and an identical link-up is harmless there
/// (proto_shell_update_link re-applies the same addresses; the interface stays up), while a link-up or
/// link-down lost in the outage would otherwise never arrive.
/// </summary>
public sealed class NetifdReporter : ILinkReporter, IAsyncDisposable
{
    private readonly NetifdNotifier _netifd;
    private readonly InterfaceOptions _options;
    private readonly string? _zone;
    private readonly SystemPaths _paths;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _linkLock = new(1, 1);
    private ModemStatus _status = new();
    private LinkUp? _wanted;
    private bool _wantedDelivered = true;
    private LinkState? _written;
    private bool _connected;

    public NetifdReporter(string iface, InterfaceOptions options, SystemPaths paths, string? zone = null,
        string? ubusSocket = null, Action<string>? log = null)
        : this(new NetifdNotifier(iface, ubusSocket), options, paths, zone, log)
    {
    }

    public NetifdReporter(NetifdNotifier netifd, InterfaceOptions options, SystemPaths paths, string? zone = null, Action<string>? log = null)
    {
        _netifd = netifd;
        _options = options;
        _paths = paths;
        _zone = zone;
        _log = log ?? (_ => { });
        _netifd.Client.Connected += ResendLinkStateAsync;
    }

    /// <summary>For `huaweiwwan session IFACE`: the config setup wrote (named by $HUAWEIWWAN_CONFIG), ubus from $HUAWEIWWAN_UBUS.
    /// The session lives as long as the interface, so its ubus client reconnects after ubusd restarts.</summary>
    public static NetifdReporter FromSessionConfig(SessionConfig config, SystemPaths paths, Action<string>? log = null)
    {
        var client = new UbusClient(null, null, log);
        client.KeepConnected();
        return new NetifdReporter(new NetifdNotifier(config.Interface, client), config.Options, paths, config.Zone, log);
    }

    /// <summary>Publishes our own object (the status object) now and again after every ubusd restart.</summary>
    public Task PublishAsync(UbusObject obj, CancellationToken cancellationToken) => _netifd.Client.PublishAsync(obj, cancellationToken);

    public string Interface => _netifd.Interface;

    /// <summary>The connection notifications go over; the session publishes its status object on it too.</summary>
    public Task<UbusConnection> ConnectionAsync(CancellationToken cancellationToken) => _netifd.ConnectionAsync(cancellationToken);

    /// <summary>The latest status the session reported.</summary>
    public ModemStatus Status => Volatile.Read(ref _status);

    public event Action<ModemStatus>? StatusUpdated;

    /// <summary>The link as last reported up; null while down.</summary>
    public LinkUp? LastLink => Volatile.Read(ref _lastLink);
    private LinkUp? _lastLink;

    public async Task LinkUpAsync(LinkUp link, CancellationToken cancellationToken)
    {
        StatusChanged(link.Status);
        await _linkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _wanted = link;
            await SendLinkUpAsync(link, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _linkLock.Release();
        }
    }

    private async Task SendLinkUpAsync(LinkUp link, CancellationToken cancellationToken)
    {
        var update = new NotifyUpdate(link.Ifname, true)
        {
            // With a DHCP child for a family, the child configures it; the parent only brings the device up.
            Ipv4 = link.Dhcp ? null : link.Ipv4,
            Ipv6 = link.Dhcpv6 ? null : link.Ipv6,
            DefaultRoute = _options.DefaultRoute,
            PeerDns = _options.PeerDns,
            Ipv6SourceFilter = _options.SourceFilter,
            Status = link.Status,
        };
        _wantedDelivered = await SendAsync(NotifyMessages.Update(Interface, update), "link-up", cancellationToken).ConfigureAwait(false);
        if (!_wantedDelivered) return;
        _connected = true;
        Volatile.Write(ref _lastLink, link);
        RecordLinkState();
        // The children are removed whenever the parent goes down (the @iface alias goes with it), so each link-up adds them again.
        if (link.Dhcp) await AddChildAsync("dhcp", "_4", cancellationToken).ConfigureAwait(false);
        if (link.Dhcpv6) await AddChildAsync("dhcpv6", "_6", cancellationToken).ConfigureAwait(false);
    }

    public async Task LinkDownAsync(string reason, CancellationToken cancellationToken)
    {
        _log($"link down: {reason}");
        await _linkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connected = false;
            _wanted = null;
            Volatile.Write(ref _lastLink, null);
            RecordLinkState();
            _wantedDelivered = await SendLinkDownAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _linkLock.Release();
        }
    }

    private Task<bool> SendLinkDownAsync(CancellationToken cancellationToken) =>
        SendAsync(NotifyMessages.Update(Interface, new NotifyUpdate(null, false)), "link-down", cancellationToken);

    /// <summary>
    /// After a ubusd restart: the link-up again (with its children) while up; a link-down only if it was lost.
    /// On the first connection (ubusd was not there when the session started): only what could not be sent.
    /// </summary>
    private async Task ResendLinkStateAsync(bool afterLoss, CancellationToken cancellationToken)
    {
        await _linkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var why = afterLoss ? "after the ubusd restart" : "now that ubusd is there";
            if (_wanted is { } link && (afterLoss || !_wantedDelivered))
            {
                _log($"ubus: telling netifd the link state again {why} (link up)");
                await SendLinkUpAsync(link, cancellationToken).ConfigureAwait(false);
            }
            else if (_wanted is null && !_wantedDelivered)
            {
                _log($"ubus: telling netifd the link state again {why} (link down)");
                _wantedDelivered = await SendLinkDownAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _linkLock.Release();
        }
    }

    public async Task ErrorAsync(SessionError error, CancellationToken cancellationToken)
    {
        if (!await SendAsync(NotifyMessages.Error(Interface, error.Code, [error.Message]), $"error {error.Code}", cancellationToken).ConfigureAwait(false))
            return;
        if (error.Fatal) await SendAsync(NotifyMessages.BlockRestart(Interface), "block restart", cancellationToken).ConfigureAwait(false);
    }

    public void StatusChanged(ModemStatus status)
    {
        Volatile.Write(ref _status, status);
        RecordLinkState();
        StatusUpdated?.Invoke(status);
    }

    /// <summary>The dhcp ("_4") or dhcpv6 ("_6") child of <paramref name="iface"/>, carrying the parent's options (also ppp6-up's).</summary>
    public static DynamicChild Child(string iface, InterfaceOptions options, string? zone, string proto, string suffix) =>
        new(iface + suffix, iface, proto)
        {
            Zone = zone,
            DefaultRoute = options.DefaultRoute,
            PeerDns = options.PeerDns,
            Metric = options.Metric,
            Delegate = options.Delegate,
            SourceFilter = options.SourceFilter,
        };

    private async Task AddChildAsync(string proto, string suffix, CancellationToken cancellationToken)
    {
        var child = Child(Interface, _options, _zone, proto, suffix);
        try
        {
            await _netifd.AddDynamicAsync(child, cancellationToken).ConfigureAwait(false);
        }
        catch (UbusException e)
        {
            _log($"add_dynamic {child.Name} ({proto}) failed: {e.Message}");
        }
    }

    /// <summary>True when netifd took it; a refusal or an unreachable netifd is logged, not thrown.</summary>
    private async Task<bool> SendAsync(byte[] message, string what, CancellationToken cancellationToken)
    {
        try
        {
            await _netifd.NotifyAsync(message, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (UbusException e) when (e.Status == UbusStatus.PermissionDenied)
        {
            _log($"netifd refused {what}: the interface is being torn down");
            return false;
        }
        catch (UbusException e)
        {
            _log($"could not tell netifd {what}: {e.Message}");
            return false;
        }
    }

    private void RecordLinkState()
    {
        var s = Status;
        var state = new LinkState(s.ControlPort, s.LinkType, _options.Profile, _connected);
        if (state == _written) return;
        try
        {
            state.Write(_paths, Interface);
            _written = state;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"could not record the link state for teardown: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _netifd.Client.Connected -= ResendLinkStateAsync;
        await _netifd.DisposeAsync().ConfigureAwait(false);
    }
}
