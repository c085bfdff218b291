namespace WwanProto.Core.Session;

/// <summary>
/// Why a session stopped: one code from <see cref="ErrorCodes"/> and a message for people that
/// names the command and the modem's answer. <see cref="Fatal"/> errors (PIN, PUK, SIM, config)
/// must not be retried automatically: netifd gets "block restart".
/// </summary>
public sealed record SessionError(string Code, string Message, bool Fatal = false)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Thrown inside the session to end it with a <see cref="SessionError"/>.</summary>
public sealed class SessionException(SessionError error) : Exception(error.ToString())
{
    public SessionError Error { get; } = error;
}
