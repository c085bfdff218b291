using WwanProto.Core.At;
using WwanProto.Core.Modem;
using WwanProto.Core.Qmi;
using WwanProto.Core.Session;

namespace WwanProto.Core.Links.Qmi;

/// <summary>
/// QMI data link on a qmi_wwan modem: data format (WDA, else 802.3) -> WDS Start Network (APN, auth, family; a call
/// left up is stopped and the start repeated) -> Get Current Settings for static addressing (`dhcp=1` leaves it to a
/// DHCP client). `pdptype IPV4V6` or `IPV6` adds the IPv6 call on its own WDS client (family 6) with its own
/// handle and current settings; in dual stack a refused IPv6 call leaves an IPv4-only link. While up, a Packet Service Status "disconnected" indication, a vanished or silent cdc-wdm (the
/// periodic status query timing out) completes <see cref="Lost"/>.
/// </summary>
public sealed class QmiLink : IDataLink
{
    private readonly DataLinkContext _context;
    private readonly QmiModem _qmi;
    private readonly string _ifname;
    private readonly string? _rawIpFile;
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task? _watch;
    private volatile bool _up;

    /// <param name="rawIpFile">/sys/class/net/IFNAME/qmi/raw_ip, set to match the data format.</param>
    public QmiLink(DataLinkContext context, QmiModem qmi, string ifname, string? rawIpFile)
    {
        _context = context;
        _qmi = qmi;
        _ifname = ifname;
        _rawIpFile = rawIpFile;
        _qmi.PacketStatus += OnPacketStatus;
    }

    public string Kind => "qmi";
    public Task<string> Lost => _lost.Task;

    public async Task<DataLinkUp> ConnectAsync(CancellationToken ct)
    {
        var options = _context.Options;
        var format = await _qmi.ConfigureDataFormatAsync(_rawIpFile, ct).ConfigureAwait(false);
        _context.Log($"qmi: {_ifname} framing {(format == WdaMessages.LinkLayer.RawIp ? "raw IP" : "802.3")}");

        // One call per family: IPv4 on the session's WDS client, IPv6 on a second one bound to family 6.
        IpConfig? v4 = null, v6 = null;
        var needsDhcp = options.WantsIpv4 && options.Dhcp;
        var needsDhcpv6 = false;
        int? mtu = options.Mtu;
        if (options.WantsIpv4)
        {
            var handle = await StartAsync(WdsMessages.IpFamily.IPv4, ct).ConfigureAwait(false);
            _context.Log($"qmi: call up, packet data handle {handle}");
            if (!needsDhcp)
            {
                var s = await _qmi.CurrentSettingsAsync(ct).ConfigureAwait(false);
                mtu ??= Mtu(s);
                if (s.Ipv4 is { } a4)
                    v4 = new IpConfig(a4.ToString(), s.Ipv4Prefix, s.Ipv4Gateway?.ToString(), [.. s.Ipv4Dns.Select(d => d.ToString())], mtu);
            }
        }
        if (options.WantsIpv6)
        {
            try
            {
                var handle = await StartAsync(WdsMessages.IpFamily.IPv6, ct).ConfigureAwait(false);
                _context.Log($"qmi: IPv6 call up, packet data handle {handle}");
                needsDhcpv6 = options.Dhcpv6;
                if (!needsDhcpv6)
                {
                    var s = await _qmi.CurrentSettingsAsync(ct, ipv6: true).ConfigureAwait(false);
                    if (s.Ipv6 is { } a6)
                        v6 = new IpConfig(a6.ToString(), s.Ipv6Prefix ?? 64, s.Ipv6Gateway?.ToString(), [.. s.Ipv6Dns.Select(d => d.ToString())], mtu ?? Mtu(s));
                    else _context.Log("qmi: the IPv6 call is up but WDS Get Current Settings gave no IPv6 address");
                }
            }
            catch (SessionException e) when (options.WantsIpv4)
            {
                // Dual stack: a network without IPv6 for this APN still gives a working IPv4 link.
                _context.Log($"qmi: pdptype {options.PdpType}: no IPv6 ({e.Error.Message}); IPv4 only");
            }
        }
        if (v4 is null && v6 is null && !needsDhcp && !needsDhcpv6)
            throw ModemErrors.Fail(ErrorCodes.NoIpAddr, "the call is up but WDS Get Current Settings gave no address");

        _up = true;
        _watch = WatchAsync(_stop.Token);
        return new DataLinkUp(_ifname, v4, v6, needsDhcp, needsDhcpv6);
    }

    private static int? Mtu(WdsMessages.Settings s) => s.Mtu is { } m and > 0 and < 65536 ? (int)m : null;

    /// <summary>WDS Start Network for one family; a refusal is CALL_FAILED with the end reasons, anything else CONNECT_FAILED.</summary>
    private async Task<uint> StartAsync(WdsMessages.IpFamily family, CancellationToken ct)
    {
        var options = _context.Options;
        var ipv6 = family == WdsMessages.IpFamily.IPv6;
        var start = WdsMessages.StartNetwork(options.Apn, Authentication(options), options.Username, options.Password, family);
        try
        {
            return await _qmi.StartNetworkAsync(start, TimeSpan.FromSeconds(options.Timeout), _context.Tuning.StaleCallWait, ct, ipv6).ConfigureAwait(false);
        }
        catch (QmiErrorException e) when (e.Error == QmiError.CallFailed)
        {
            var end = WdsMessages.ReadStart(e.Answer).End;
            // A refused APN or password will be refused again: say so plainly (the session backs off either way).
            var hint = end.IsApnRejected ? $" (check apn '{options.Apn}')" : end.IsAuthFailed ? " (check username/password/auth)" : "";
            throw ModemErrors.Fail(ErrorCodes.CallFailed, $"{e.Message}{(ipv6 ? " (IPv6)" : "")}: {end}{hint}");
        }
        catch (QmiErrorException e)
        {
            throw ModemErrors.Fail(ErrorCodes.ConnectFailed, $"starting the {(ipv6 ? "IPv6 " : "")}data call: {e.Message}");
        }
    }

    private static WdsMessages.Authentication? Authentication(Config.InterfaceOptions options) =>
        options.Username is null && options.Auth == "none" ? null : options.Auth switch
        {
            "pap" => WdsMessages.Authentication.Pap,
            "chap" => WdsMessages.Authentication.Chap,
            "both" => WdsMessages.Authentication.Pap | WdsMessages.Authentication.Chap,
            _ => WdsMessages.Authentication.None,
        };

    private void OnPacketStatus(WdsMessages.PacketStatus status)
    {
        if (!_up || status.Status != WdsMessages.ConnectionStatus.Disconnected) return;
        _lost.TrySetResult($"the network ended the QMI {(status.Family == WdsMessages.IpFamily.IPv6 ? "IPv6 " : "")}call ({status.End})");
    }

    /// <summary>Periodic Get Packet Service Status: catches a lost indication and a silent cdc-wdm (transaction timeout).</summary>
    private async Task WatchAsync(CancellationToken ct)
    {
        try
        {
            var closed = _qmi.Device.Closed;
            while (!ct.IsCancellationRequested)
            {
                var tick = Task.Delay(_context.Tuning.SupervisionInterval, ct);
                if (await Task.WhenAny(tick, closed, _lost.Task).ConfigureAwait(false) != tick)
                {
                    if (closed.IsCompleted) _lost.TrySetResult($"{_qmi.Path} is gone");
                    return;
                }
                var status = await _qmi.PacketServiceAsync(ct).ConfigureAwait(false);
                if (status == WdsMessages.ConnectionStatus.Disconnected && _context.Options.WantsIpv4)
                {
                    _lost.TrySetResult("the modem reports the QMI call disconnected");
                    return;
                }
                if (_qmi.HasIpv6Call && await _qmi.PacketServiceAsync(ct, ipv6: true).ConfigureAwait(false) == WdsMessages.ConnectionStatus.Disconnected)
                {
                    _lost.TrySetResult("the modem reports the QMI IPv6 call disconnected");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (QmiTimeoutException e)
        {
            _lost.TrySetResult($"{e.Message} (cdc-wdm silent)");
            await _qmi.GiveUpAsync("silent").ConfigureAwait(false);
        }
        catch (PortGoneException e) { _lost.TrySetResult(e.Message); }
        catch (QmiErrorException e) { _lost.TrySetResult(e.Message); }
    }

    public async Task DisconnectAsync(CancellationToken ct)
    {
        _up = false;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _qmi.StopNetworkAsync(ct, _context.Tuning.CommandTimeout < _context.Tuning.HangupBudget ? _context.Tuning.CommandTimeout : _context.Tuning.HangupBudget).ConfigureAwait(false);
        }
        catch (QmiTimeoutException e) { _context.Log($"qmi: hang-up: {e.Message}"); }
        catch (PortGoneException e) { _context.Log($"qmi: hang-up: {e.Message}"); }
        catch (QmiErrorException e) { _context.Log($"qmi: hang-up: {e.Message}"); }
    }

    public async ValueTask DisposeAsync()
    {
        _qmi.PacketStatus -= OnPacketStatus;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_watch is not null)
        {
            try { await _watch.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        _stop.Dispose();
    }
}
