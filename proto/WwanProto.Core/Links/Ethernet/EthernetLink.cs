using WwanProto.Core.Modem;
using WwanProto.Core.Session;
using WwanProto.Core.Standalone;

namespace WwanProto.Core.Links.Ethernet;

/// <summary>
/// The data link of devices that are a router on USB: HiLink sticks (cdc_ether) and tethering phones
/// (rndis_host, ECM). There is no call to dial: the link is the netdev, addressed by DHCP from the device
/// (under netifd a dhcp/dhcpv6 child interface, standalone the supervised DHCP client `up` runs, as for NCM
/// with option dhcp). <see cref="Lost"/> completes when the netdev is deleted or loses its carrier, or when
/// <paramref name="call"/> (a HiLink stick's own mobile call, through its API) is gone; standalone also adds
/// the lease (<see cref="LeaseWatchedLinks"/>). Reconnecting and re-enumeration are the session's.
/// </summary>
public sealed class EthernetLink(DataLinkContext context, IRouterCall? call = null, IpCommand? ip = null) : IDataLink
{
    private readonly IpCommand _ip = ip ?? new IpCommand();
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private NetdevWatch? _watch;
    private Task? _healthTask;

    public string Kind => "ethernet";
    public Task<string> Lost => _lost.Task;

    public async Task<DataLinkUp> ConnectAsync(CancellationToken ct)
    {
        var options = context.Options;
        var ifname = context.Modem.NetDev
            ?? throw ModemErrors.Fail(ErrorCodes.NoIface, $"{context.Modem.UsbId ?? context.Modem.Control.Name} has no network device (cdc_ether/rndis_host)");
        _watch = await NetdevWatch.StartAsync(_ip, ifname, ct).ConfigureAwait(false);
        var bound = TimeSpan.FromSeconds(options.Timeout);
        // The netdev follows the USB interface by a moment after (re-)enumeration. A device that left USB meanwhile may
        // come back under another name (a replugged phone's usb0 as usb1): then the session must find it again.
        var gone = context.Modem.Control.Closed;
        var first = await Task.WhenAny(_watch.Present, gone, Task.Delay(bound, ct)).ConfigureAwait(false);
        if (first != _watch.Present)
        {
            ct.ThrowIfCancellationRequested();
            if (first == gone && !_watch.Present.IsCompleted)
                throw ModemErrors.Fail(ErrorCodes.ModemGone, $"{context.Modem.UsbPath ?? ifname} left USB while {ifname} was awaited; finding the device again (its netdev may have a new name)");
            throw ModemErrors.Fail(ErrorCodes.NoIface, $"the network device {ifname} did not appear within {bound.TotalSeconds:0} s");
        }
        if (call is not null) await call.StartAsync(ct).ConfigureAwait(false);
        _ = _watch.Lost.ContinueWith(t => _lost.TrySetResult(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
        if (call is not null)
            _healthTask = Task.Run(async () =>
            {
                try { _lost.TrySetResult(await call.WatchAsync(_stop.Token).ConfigureAwait(false)); }
                catch (OperationCanceledException) { }
            });
        context.Log($"ethernet: {ifname} present; addressing by DHCP from the device");
        // IPv4 always by DHCP (the device is a router); IPv6 when asked for and the dhcpv6 option is on.
        return new DataLinkUp(ifname, null, null, NeedsDhcp: options.WantsIpv4, NeedsDhcpv6: options.WantsIpv6 && options.Dhcpv6);
    }

    /// <summary>Nothing to hang up but what <see cref="IRouterCall.EndAsync"/> ends; the address goes with the DHCP child.</summary>
    public async Task DisconnectAsync(CancellationToken ct)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (call is not null) await call.EndAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_healthTask is not null) await _healthTask.ConfigureAwait(false);
        _watch?.Dispose();
        _stop.Dispose();
    }
}
