using System.Net.Sockets;
using System.Text;

namespace WwanProto.Core.Systemd;

/// <summary>
/// systemd's notification protocol without libsystemd: one datagram of newline-separated KEY=VALUE lines to the
/// AF_UNIX socket named in $NOTIFY_SOCKET (a path, or '@name' for the abstract namespace). Without the variable
/// (not started by systemd with Type=notify) every call is a no-op. Sending never throws: a lost notification
/// must not take the link down.
/// </summary>
public sealed class SdNotify : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _target;

    public SdNotify(string? address)
    {
        if (string.IsNullOrEmpty(address) || (address[0] != '/' && address[0] != '@')) return;
        // The abstract namespace is spelled with a leading NUL in the socket address.
        _target = new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public static SdNotify FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    /// <summary>True when a notification socket was named: we run under systemd's Type=notify.</summary>
    public bool Enabled => _socket is not null;

    /// <summary>Sends one notification, e.g. "READY=1\nSTATUS=connected"; false when disabled or refused.</summary>
    public bool Send(string state)
    {
        if (_socket is null || _target is null) return false;
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), _target);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>A STATUS= value is one line: newlines would start new assignments.</summary>
    public static string StatusLine(string text) => "STATUS=" + text.Replace('\n', ' ');

    public void Dispose() => _socket?.Dispose();
}
