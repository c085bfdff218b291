namespace WwanProto.Core.HiLink;

/// <summary>
/// The web API failed: unreachable, not HTTP, not its XML, or an &lt;error&gt; answer. <see cref="Code"/> is the
/// firmware's error number when it sent one; the message names the request and the answer (never a secret).
/// </summary>
public sealed class HiLinkException(string message, int? code = null) : Exception(message)
{
    public int? Code { get; } = code;
}
