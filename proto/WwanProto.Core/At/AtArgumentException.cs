namespace WwanProto.Core.At;

/// <summary>
/// A user value refused before it could reach a port. The message names the option and why; it never
/// repeats the value, which may be a PIN or a password.
/// </summary>
public sealed class AtArgumentException(string option, string reason)
    : ArgumentException($"option '{option}': {reason}")
{
    public string Option { get; } = option;
    public string Reason { get; } = reason;
}
