using System.Globalization;
using System.Text;

namespace WwanProto.Core.HiLink;

/// <summary>
/// Parses an HTTP/1.0 or 1.1 response from the bytes received so far: status line, headers, and a body framed by
/// Content-Length, chunked transfer coding, or the end of the connection. A pure function of its input, so the
/// same bytes always give the same result (and it can be fuzzed). Why not HttpClient: it adds far more to the
/// AOT binary than the web API's one request per connection needs (README size table).
/// </summary>
public static class HttpResponseParser
{
    public const int MaxHeaderBytes = 16 * 1024;
    public const int MaxBodyBytes = 512 * 1024;

    /// <summary>
    /// The response, or null when more bytes are needed. <paramref name="complete"/>: the peer closed the
    /// connection, so a body without length ends here and a truncated one is an error.
    /// </summary>
    public static HttpResponse? TryParse(ReadOnlySpan<byte> data, bool complete)
    {
        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            if (data.Length > MaxHeaderBytes) throw new HttpFormatException($"no end of the headers within {MaxHeaderBytes} bytes");
            if (complete) throw new HttpFormatException(data.Length == 0 ? "the connection closed without an answer" : "the connection closed inside the headers");
            return null;
        }
        if (headerEnd > MaxHeaderBytes) throw new HttpFormatException($"headers longer than {MaxHeaderBytes} bytes");
        var head = Encoding.Latin1.GetString(data[..headerEnd]).Split("\r\n");
        var (status, reason) = StatusLine(head[0]);
        var headers = new List<KeyValuePair<string, string>>(head.Length - 1);
        foreach (var line in head.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new HttpFormatException($"a header line without a name: \"{Clip(line)}\"");
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        var rest = data[(headerEnd + 4)..];
        var response = new HttpResponse(status, reason, headers, []);

        if (status is 204 or 304 || status / 100 == 1) return response;
        if (response.Header("Transfer-Encoding") is { } coding)
        {
            if (!coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                throw new HttpFormatException($"unsupported Transfer-Encoding \"{Clip(coding)}\"");
            return Dechunk(rest, complete) is { } body ? response with { Body = body } : null;
        }
        if (response.Header("Content-Length") is { } lengthText)
        {
            if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                throw new HttpFormatException($"Content-Length \"{Clip(lengthText)}\" is not a number");
            if (length > MaxBodyBytes) throw new HttpFormatException($"a body of {length} bytes (more than {MaxBodyBytes})");
            if (rest.Length < length)
            {
                if (complete) throw new HttpFormatException($"the connection closed after {rest.Length} of {length} body bytes");
                return null;
            }
            return response with { Body = rest[..length].ToArray() };
        }
        if (rest.Length > MaxBodyBytes) throw new HttpFormatException($"a body of more than {MaxBodyBytes} bytes");
        return complete ? response with { Body = rest.ToArray() } : null;
    }

    private static (int, string) StatusLine(string line)
    {
        // "HTTP/1.1 200 OK"; the reason may be empty or missing.
        if (!line.StartsWith("HTTP/1.", StringComparison.Ordinal) || line.Length < 12 || line[8] != ' ')
            throw new HttpFormatException($"not an HTTP/1.x status line: \"{Clip(line)}\"");
        if (!int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 100)
            throw new HttpFormatException($"no status code in \"{Clip(line)}\"");
        return (status, line.Length > 13 ? line[13..] : "");
    }

    /// <summary>The chunked body, or null when its last chunk has not arrived yet.</summary>
    private static byte[]? Dechunk(ReadOnlySpan<byte> data, bool complete)
    {
        var body = new List<byte>();
        while (true)
        {
            var lineEnd = data.IndexOf("\r\n"u8);
            if (lineEnd < 0) return NeedMore(data.Length > 64 ? "a chunk size line longer than 64 bytes" : null);
            var sizeText = Encoding.Latin1.GetString(data[..lineEnd]);
            var semi = sizeText.IndexOf(';');
            if (semi >= 0) sizeText = sizeText[..semi];
            if (!int.TryParse(sizeText.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw new HttpFormatException($"a bad chunk size \"{Clip(sizeText)}\"");
            if (body.Count + (long)size > MaxBodyBytes) throw new HttpFormatException($"a chunked body of more than {MaxBodyBytes} bytes");
            data = data[(lineEnd + 2)..];
            if (size == 0) return body.ToArray(); // trailers, if any, are not needed
            if (data.Length < size + 2) return NeedMore(null);
            if (data[size] != '\r' || data[size + 1] != '\n') throw new HttpFormatException("a chunk not followed by CRLF");
            body.AddRange(data[..size]);
            data = data[(size + 2)..];
        }

        byte[]? NeedMore(string? error)
        {
            if (error is not null) throw new HttpFormatException(error);
            if (complete) throw new HttpFormatException("the connection closed inside a chunked body");
            return null;
        }
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
