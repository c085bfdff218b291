using System.Globalization;
using System.Net;

namespace WwanProto.Core.Config;

/// <summary>The `hilink_probe` value split into host and port: "198.51.100.7", "example.net:443", "[2001:db8::1]:80".</summary>
public static class ProbeEndpoint
{
    public const int DefaultPort = 80;

    public static bool TryParse(string value, out string host, out int port)
    {
        host = value;
        port = DefaultPort;
        var portText = (string?)null;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            if (close < 2) return false;
            host = value[1..close];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return false;
            var rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return false;
                portText = rest[1..];
            }
        }
        else
        {
            var colon = value.IndexOf(':');
            if (colon >= 0)
            {
                host = value[..colon];
                portText = value[(colon + 1)..];
            }
            if (host.Length is 0 or > 253) return false;
            foreach (var c in host)
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')) return false;
        }
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)) return false;
        return true;
    }
}
