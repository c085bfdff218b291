using System.Globalization;
using WwanProto.Core.Config;
using WwanProto.Core.DBus;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>
/// The standalone <see cref="ILinkReporter"/>: where netifd would configure the interface, this does it itself
/// with iproute2 (link up, MTU, addresses, default route per defaultroute/metric), writes DNS to a resolv file
/// of its own (peerdns), keeps the status file current, and undoes all of it on link loss and on exit.
/// With option dhcpv6 an address the kernel made by SLAAC from the modem's RA counts like a lease (<see cref="SlaacWatch"/>).
/// With option dhcp/dhcpv6 it runs the DHCP client itself (<see cref="DhcpChild"/>) for the life of the link:
/// a renewal with changed values is applied in place, a lost lease completes <see cref="LeaseLost"/>, which
/// <see cref="LeaseWatchedLinks"/> turns into the link's loss (the session's reconnect path).
/// </summary>
public sealed class HostReporter : ILinkReporter, IAsyncDisposable
{
    private readonly string _iface;
    private readonly InterfaceOptions _options;
    private readonly HostReporterSettings _settings;
    private readonly TextWriter _log;
    private readonly IpCommand _ip;
    private readonly Ipv6LinkSetup _ipv6;
    private readonly IDnsTarget _dns;
    private DhcpChild? _dhcp4, _dhcp6;
    private SlaacWatch? _slaac;
    private TaskCompletionSource<string> _leaseLost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _statusLock = new();
    private StandaloneStatus _status;
    private string? _configuredDev;

    public HostReporter(string iface, InterfaceOptions options, HostReporterSettings settings, TextWriter log)
    {
        _iface = iface;
        _options = options;
        _settings = settings;
        _log = log;
        _ip = new IpCommand(settings.Netns);
        _ipv6 = new Ipv6LinkSetup(_ip, settings.Netns);
        _dns = settings.Dns ?? new FileDns(settings.ResolvPath, iface);
        _status = new StandaloneStatus { Iface = iface, Pid = Environment.ProcessId, Updated = DateTimeOffset.UtcNow };
        Publish(s => s);
    }

    /// <summary>Raised after the interface has been configured for a link (first time and after each reconnect).</summary>
    public event Action<LinkUp>? Configured;

    /// <summary>Completes when a DHCP lease of the current (or next) link is gone; a fresh one follows each loss.</summary>
    public Task<string> LeaseLost
    {
        get { lock (_statusLock) return _leaseLost.Task; }
    }

    /// <summary>The DHCP clients running for the link now (tests signal them; status could show them).</summary>
    public DhcpChild? Dhcp4 => _dhcp4;
    public DhcpChild? Dhcp6 => _dhcp6;

    /// <summary>The last fatal or final error the session reported.</summary>
    public SessionError? LastError { get; private set; }

    public StandaloneStatus Status
    {
        get { lock (_statusLock) return _status; }
    }

    public async Task LinkUpAsync(LinkUp link, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_configuredDev is not null) await UnconfigureAsync(cancellationToken).ConfigureAwait(false);
            var dev = link.Ifname;
            _configuredDev = dev;
            if (_settings.NetdevUp is { } netdevUp) await netdevUp(dev).ConfigureAwait(false);
            // Without netifd nobody else runs a DHCP client; the device must be up before one can.
            if (link.Dhcp || link.Dhcpv6) await _ip.RunAsync(cancellationToken, "link", "set", "dev", dev, "up").ConfigureAwait(false);
            // From here on a lease is applied exactly like an address the modem reported.
            if (link.Dhcp)
            {
                _log.WriteLine($"{_iface}: requesting a DHCP lease on {dev}");
                _dhcp4 = StartDhcp(DhcpFlavor.Udhcpc(), dev);
                link = link with { Ipv4 = await _dhcp4.StartAsync(DhcpBound, cancellationToken).ConfigureAwait(false) };
            }
            if (link.Dhcpv6)
            {
                try
                {
                    link = link with { Ipv6 = await AcquireIpv6Async(dev, cancellationToken).ConfigureAwait(false) };
                }
                catch (SessionException e) when (e.Error.Code == ErrorCodes.NoIpAddr && link.Ipv4 is not null && _options.PdpType == "IPV4V6")
                {
                    // A dual-stack link whose IPv4 works is still worth having: IPv6 failing alone does not fail it.
                    ForgetIpv6Attempt();
                    _log.WriteLine($"{_iface}: warning: continuing with IPv4 only on {dev}: {e.Error.Message}");
                }
            }
            var mtu = _options.Mtu ?? link.Ipv4?.Mtu ?? link.Ipv6?.Mtu;
            if (mtu is { } m) await _ip.RunAsync(cancellationToken, "link", "set", "dev", dev, "mtu", Str(m), "up").ConfigureAwait(false);
            else await _ip.RunAsync(cancellationToken, "link", "set", "dev", dev, "up").ConfigureAwait(false);
            if (link.Ipv4 is { } v4) await ConfigureAsync(dev, v4, "-4", cancellationToken).ConfigureAwait(false);
            if (link.Ipv6 is { } v6) await ConfigureAsync(dev, v6, "-6", cancellationToken, routeFromRa: link.Dhcpv6, addressFromRa: _slaac is not null).ConfigureAwait(false);
            var dns = (link.Ipv4?.Dns ?? []).Concat(link.Ipv6?.Dns ?? []).Distinct(StringComparer.Ordinal).ToArray();
            var dnsVia = await ApplyDnsAsync(dev, dns, cancellationToken).ConfigureAwait(false);
            var resolv = dnsVia is null ? null : (_dns as FileDns)?.Path;
            Publish(s => s with
            {
                Modem = link.Status with { State = "connected", Ifname = dev, ConnectedSince = link.Status.ConnectedSince ?? DateTimeOffset.UtcNow },
                Ifname = dev,
                Ipv4 = link.Ipv4,
                Ipv6 = link.Ipv6,
                ResolvFile = resolv,
                Dns = dnsVia,
            });
            _log.WriteLine($"{_iface}: link up on {dev}: {Describe(link.Ipv4)}{(link.Ipv6 is null ? "" : "; " + Describe(link.Ipv6))}"
                + (dnsVia is null ? "" : $"; DNS {string.Join(' ', dns)} via {dnsVia}"));
        }
        finally
        {
            _gate.Release();
        }
        Configured?.Invoke(link);
    }

    public async Task LinkDownAsync(string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _log.WriteLine($"{_iface}: removing the interface configuration while reconnecting");
            await UnconfigureAsync(cancellationToken).ConfigureAwait(false);
            Publish(s => s with
            {
                Modem = s.Modem with { State = "reconnecting", ConnectedSince = null, LastError = reason },
                Ipv4 = null,
                Ipv6 = null,
                ResolvFile = null,
                Dns = null,
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task ErrorAsync(SessionError error, CancellationToken cancellationToken)
    {
        LastError = error;
        _log.WriteLine($"{_iface}: {(error.Fatal ? "fatal error" : "error")} {error.Code}: {error.Message}");
        Publish(s => s with { Modem = s.Modem with { State = "failed", LastError = error.ToString(), ConnectedSince = null } });
        return Task.CompletedTask;
    }

    /// <summary>The session's status is the authority (counters, since); only our own "reconnecting" outlives its stale "connected".</summary>
    public void StatusChanged(ModemStatus status) =>
        Publish(s => s with { Modem = s.Ipv4 is null && s.Ipv6 is null && status.State == "connected" ? status with { State = s.Modem.State } : status });

    /// <summary>Removes everything this reporter configured and the status file; for the end of `up`.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var dev = _configuredDev;
            await UnconfigureAsync(bound.Token).ConfigureAwait(false);
            if (dev is not null) await _ip.TryRunAsync(bound.Token, "link", "set", "dev", dev, "down").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            _log.WriteLine($"{_iface}: cleanup: {e.Message}");
        }
        finally
        {
            AtomicFile.Delete(_settings.StatusPath);
            _gate.Release();
        }
    }

    /// <param name="routeFromRa">DHCPv6: the default route is the kernel's, from the modem's router advertisement.</param>
    /// <param name="addressFromRa">SLAAC: the kernel owns the address and its lifetimes; replacing it would make it permanent.</param>
    private async Task ConfigureAsync(string dev, IpConfig ip, string family, CancellationToken ct, bool routeFromRa = false, bool addressFromRa = false)
    {
        var prefix = $"{ip.Address}/{Str(ip.PrefixLength)}";
        if (family == "-6" && !addressFromRa) await _ip.RunAsync(ct, "-6", "addr", "replace", prefix, "dev", dev, "nodad").ConfigureAwait(false);
        else if (family == "-4") await _ip.RunAsync(ct, "-4", "addr", "replace", prefix, "dev", dev).ConfigureAwait(false);
        if (!_options.DefaultRoute || routeFromRa) return;
        var args = new List<string> { family, "route", "replace", "default" };
        // onlink: a PPP peer (/32) or a gateway outside the reported prefix is still reachable on this link.
        if (ip.Gateway is { } gw) args.AddRange(["via", gw, "dev", dev, "onlink"]);
        else args.AddRange(["dev", dev]);
        if (_options.Metric is { } metric) args.AddRange(["metric", Str(metric)]);
        await _ip.RunAsync(ct, args.ToArray()).ConfigureAwait(false);
    }

    private async Task UnconfigureAsync(CancellationToken ct)
    {
        await StopDhcpAsync().ConfigureAwait(false);
        await _dns.RemoveAsync(ct).ConfigureAwait(false);
        if (_configuredDev is not { } dev) return;
        _configuredDev = null;
        // The device may already be gone (modem reset, pppd exited): nothing left to remove then.
        await _ip.TryRunAsync(ct, "route", "flush", "dev", dev).ConfigureAwait(false);
        await _ip.TryRunAsync(ct, "-6", "route", "flush", "dev", dev).ConfigureAwait(false);
        await _ip.TryRunAsync(ct, "-4", "addr", "flush", "dev", dev).ConfigureAwait(false);
        await _ip.TryRunAsync(ct, "-6", "addr", "flush", "dev", dev, "scope", "global").ConfigureAwait(false);
    }

    /// <summary>The link's DNS servers to the chosen target (option peerdns); what took them, or null.</summary>
    private async Task<string?> ApplyDnsAsync(string dev, string[] dns, CancellationToken ct)
    {
        if (!_options.PeerDns || dns.Length == 0) return null;
        await _dns.ApplyAsync(dev, dns, ct).ConfigureAwait(false);
        return _dns.Description;
    }

    /// <summary>udhcpc's own schedule (5 tries, 2 s apart) ends well before this; dhclient gets the same.</summary>
    private static readonly TimeSpan DhcpBound = TimeSpan.FromSeconds(DhcpFlavor.Tries * DhcpFlavor.SecondsBetweenTries + 10);

    private DhcpChild StartDhcp(DhcpFlavor flavor, string dev)
    {
        var child = new DhcpChild(flavor, dev, _settings.StateDir, _settings.Netns, line => _log.WriteLine($"{_iface}: {line}"));
        child.LeaseChanged = e => LeaseChangedAsync(child, e);
        TaskCompletionSource<string> lost;
        lock (_statusLock) lost = _leaseLost;
        _ = child.Lost.ContinueWith(t =>
        {
            // Only the running child's loss counts; one we stopped (link down, exit) does not report.
            if (t.IsCompletedSuccessfully && (_dhcp4 == child || _dhcp6 == child)) lost.TrySetResult(t.Result);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return child;
    }

    /// <summary>
    /// Option dhcpv6: whichever comes first within the bound, a DHCPv6 lease (stateful, IA_NA) or a global
    /// address the kernel made by SLAAC from the modem's RA. With SLAAC the stateful client goes and a stateless
    /// one (information-request) takes its place for the DNS servers; the address is then watched for the link's life.
    /// </summary>
    private async Task<IpConfig> AcquireIpv6Async(string dev, CancellationToken ct)
    {
        await _ipv6.AcceptRouterAdvertisementsAsync(dev, ct).ConfigureAwait(false);
        await _ipv6.WaitForLinkLocalAsync(dev, ct).ConfigureAwait(false);
        _log.WriteLine($"{_iface}: requesting a DHCPv6 lease on {dev} (or taking a SLAAC address from the RA)");
        var slaac = await SlaacWatch.StartAsync(_ip, dev, ct).ConfigureAwait(false);
        var stateful = StartDhcp(DhcpFlavor.Dhclient6(), dev);
        _dhcp6 = stateful;
        var leased = stateful.StartAsync(DhcpBound, ct);
        var autoconfigured = slaac.Address.WaitAsync(DhcpBound, ct);
        _ = autoconfigured.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            if (await Task.WhenAny(leased, autoconfigured).ConfigureAwait(false) == leased && leased.IsCompletedSuccessfully)
            {
                slaac.Dispose();
                return leased.Result;
            }
            IpConfig address;
            try
            {
                address = await autoconfigured.ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                slaac.Dispose();
                try { return await leased.ConfigureAwait(false); }
                catch (SessionException e) when (!ct.IsCancellationRequested)
                {
                    ForgetIpv6Attempt();
                    throw new SessionException(e.Error with { Message = $"{e.Error.Message}; no SLAAC address on {dev} either (is the modem's RA without an autonomous prefix?)" });
                }
            }
            // SLAAC won: the stateful client's solicits would go unanswered, and its end must not count as a loss.
            _ = leased.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ForgetIpv6Attempt();
            await stateful.DisposeAsync().ConfigureAwait(false);
            _slaac = slaac;
            _log.WriteLine($"{_iface}: SLAAC address {address.Address}/{Str(address.PrefixLength)} on {dev}; asking for DNS by stateless DHCPv6");
            WatchSlaac(slaac);
            return address with { Dns = await StatelessDnsAsync(dev, ct).ConfigureAwait(false) };
        }
        catch
        {
            if (_slaac != slaac) slaac.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The stateless client's answer; without one the link goes on without IPv6 DNS (logged), as the RA's
    /// route and address work anyway. ISC dhclient -S is one-shot, so it is not supervised: its end is no loss.
    /// </summary>
    private async Task<IReadOnlyList<string>> StatelessDnsAsync(string dev, CancellationToken ct)
    {
        await using var stateless = new DhcpChild(DhcpFlavor.Dhclient6Stateless(), dev, _settings.StateDir, _settings.Netns, line => _log.WriteLine($"{_iface}: {line}"));
        try
        {
            return (await stateless.StartAsync(StatelessBound, ct).ConfigureAwait(false)).Dns;
        }
        catch (SessionException e) when (!ct.IsCancellationRequested)
        {
            _log.WriteLine($"{_iface}: warning: no IPv6 DNS servers on {dev}: {e.Error.Message}");
            return [];
        }
    }

    /// <summary>
    /// A DHCPv6 client that ended during link-up (e.g. dhclient exited) may already have reported a loss; the
    /// link goes on without it (SLAAC, or IPv4 only), so that loss is not this link's.
    /// </summary>
    private void ForgetIpv6Attempt()
    {
        _dhcp6 = null;
        lock (_statusLock)
            if (_leaseLost.Task.IsCompleted) _leaseLost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static readonly TimeSpan StatelessBound = TimeSpan.FromSeconds(10);

    private void WatchSlaac(SlaacWatch slaac)
    {
        TaskCompletionSource<string> lost;
        lock (_statusLock) lost = _leaseLost;
        _ = slaac.Lost.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully && _slaac == slaac) lost.TrySetResult(t.Result);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Stops the link's DHCP clients (SIGTERM, no release) and SLAAC watch, and arms a fresh <see cref="LeaseLost"/> for the next link.</summary>
    private async Task StopDhcpAsync()
    {
        var (v4, v6) = (_dhcp4, _dhcp6);
        _dhcp4 = _dhcp6 = null;
        var slaac = _slaac;
        _slaac = null;
        slaac?.Dispose();
        if (v4 is not null) await v4.DisposeAsync().ConfigureAwait(false);
        if (v6 is not null) await v6.DisposeAsync().ConfigureAwait(false);
        lock (_statusLock)
            if (_leaseLost.Task.IsCompleted) _leaseLost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A renewal (or a new lease after rebinding): unchanged → logged; changed → applied in place, the old address removed.</summary>
    private async Task LeaseChangedAsync(DhcpChild child, DhcpEvent e)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _gate.WaitAsync(bound.Token).ConfigureAwait(false);
        try
        {
            if ((_dhcp4 != child && _dhcp6 != child) || _configuredDev is not { } dev) return;
            var family = child.Flavor.Family;
            var old = family == "-6" ? Status.Ipv6 : Status.Ipv4;
            var lease = e.Lease;
            if (old == lease || (old is not null && old.Address == lease.Address && old.PrefixLength == lease.PrefixLength
                && old.Gateway == lease.Gateway && old.Dns.SequenceEqual(lease.Dns) && old.Mtu == lease.Mtu))
            {
                _log.WriteLine($"{_iface}: DHCP {e.Name} on {dev}: {Describe(lease)} (unchanged)");
                return;
            }
            _log.WriteLine($"{_iface}: DHCP {e.Name} on {dev}: {Describe(old)} -> {Describe(lease)}; applying");
            if (old is not null && (old.Address != lease.Address || old.PrefixLength != lease.PrefixLength))
                await _ip.TryRunAsync(bound.Token, family, "addr", "del", $"{old.Address}/{Str(old.PrefixLength)}", "dev", dev).ConfigureAwait(false);
            if (family == "-4" && (_options.Mtu ?? lease.Mtu) is { } mtu)
                await _ip.RunAsync(bound.Token, "link", "set", "dev", dev, "mtu", Str(mtu)).ConfigureAwait(false);
            await ConfigureAsync(dev, lease, family, bound.Token, routeFromRa: family == "-6").ConfigureAwait(false);
            var v4 = family == "-4" ? lease : Status.Ipv4;
            var v6 = family == "-6" ? lease : Status.Ipv6;
            var dns = (v4?.Dns ?? []).Concat(v6?.Dns ?? []).Distinct(StringComparer.Ordinal).ToArray();
            var dnsVia = await ApplyDnsAsync(dev, dns, bound.Token).ConfigureAwait(false);
            if (dnsVia is null) await _dns.RemoveAsync(bound.Token).ConfigureAwait(false);
            Publish(s => s with { Ipv4 = v4, Ipv6 = v6, ResolvFile = dnsVia is null ? null : (_dns as FileDns)?.Path, Dns = dnsVia });
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Publish(Func<StandaloneStatus, StandaloneStatus> change)
    {
        lock (_statusLock)
        {
            _status = change(_status) with { Updated = DateTimeOffset.UtcNow, Iface = _iface, Pid = Environment.ProcessId };
            try { StatusFile.Write(_settings.StatusPath, _status); }
            catch (IOException e) { _log.WriteLine($"{_iface}: could not write {_settings.StatusPath}: {e.Message}"); }
        }
    }

    private static string Describe(IpConfig? ip) =>
        ip is null ? "no IPv4" : $"{ip.Address}/{Str(ip.PrefixLength)}" + (ip.Gateway is null ? "" : $" via {ip.Gateway}") + (ip.Mtu is { } m ? $" mtu {Str(m)}" : "");

    private static string Str(int n) => n.ToString(CultureInfo.InvariantCulture);
}
