using WwanProto.Core.At;
using WwanProto.Core.Session;

namespace WwanProto.Core.Modem;

/// <summary>
/// Quoted AT arguments from user values, through the AT engine's <see cref="AtCommandBuilder"/> rules,
/// with a refusal turned into the session's CONFIG_INVALID (fatal: retrying cannot fix a config).
/// The message names the option, never the value (it may be a PIN or a password).
/// </summary>
public static class AtArguments
{
    public static string Quote(string option, string value)
    {
        try
        {
            return AtCommandBuilder.Quote(option, value);
        }
        catch (AtArgumentException e)
        {
            throw new SessionException(new SessionError(ErrorCodes.ConfigInvalid, e.Message, Fatal: true));
        }
    }
}
