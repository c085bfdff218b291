using System.Net;
using System.Net.Sockets;
using WwanProto.Core.Config;

namespace WwanProto.Core.HiLink;

/// <summary>
/// The `hilink_probe` check: a HiLink stick can report its call up (ConnectionStatus 901) while nothing passes.
/// A TCP connect to the probe's host and port proves the path: an accepted connection or a refusal (the host
/// answered with a reset) is an answer; a timeout or an unreachable network is not. TCP rather than ICMP: a
/// connect needs no raw socket or ping_group_range, and goes where the system routes it (the stick's netdev).
/// </summary>
public sealed class ReachabilityProbe
{
    private readonly string _host;
    private readonly int _port;
    private readonly TimeSpan _timeout;
    private readonly Func<AddressFamily, Socket> _socket;

    public string Target { get; }
    public TimeSpan Interval { get; }

    /// <param name="sockets">Makes the unconnected socket (tests: inside the namespace that holds the stick's netdev).</param>
    public ReachabilityProbe(string target, TimeSpan interval, Func<AddressFamily, Socket>? sockets = null)
    {
        if (!ProbeEndpoint.TryParse(target, out _host, out _port)) throw new ArgumentException($"hilink_probe '{target}': not host[:port]", nameof(target));
        Target = target;
        Interval = interval;
        // A probe must end before the next is due; 5 s is long for a round trip even on a slow 3G cell.
        _timeout = interval < TimeSpan.FromSeconds(5) ? interval : TimeSpan.FromSeconds(5);
        _socket = sockets ?? (family => new Socket(family, SocketType.Stream, ProtocolType.Tcp));
    }

    /// <summary>Null when the target answered; else why not, for the log and the ladder's reason.</summary>
    public async Task<string?> CheckAsync(CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(_timeout);
        try
        {
            var address = IPAddress.TryParse(_host, out var literal) ? literal
                : (await Dns.GetHostAddressesAsync(_host, bound.Token).ConfigureAwait(false)).FirstOrDefault();
            if (address is null) return $"{_host} has no address";
            using var socket = _socket(address.AddressFamily);
            await socket.ConnectAsync(new IPEndPoint(address, _port), bound.Token).ConfigureAwait(false);
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused) { return null; }
        catch (SocketException e) { return $"{Target}: {e.Message}"; }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return $"{Target}: no answer within {_timeout.TotalSeconds:0.#} s"; }
    }
}
