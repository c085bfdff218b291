namespace WwanProto.Core.HiLink;

/// <summary>One HTTP/1.x answer: status, headers in the order sent (names as sent; look-ups ignore case), body bytes.</summary>
public sealed record HttpResponse(int Status, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Every value of header <paramref name="name"/> (Set-Cookie may come more than once).</summary>
    public IEnumerable<string> All(string name)
    {
        foreach (var (key, value) in Headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) yield return value;
    }

    public string? Header(string name) => All(name).FirstOrDefault();
}

/// <summary>Bytes that are not an HTTP/1.x response (or exceed the size bounds); the message says what.</summary>
public sealed class HttpFormatException(string message) : Exception(message);
