using WwanProto.Core.At;
using WwanProto.Core.Session;

namespace WwanProto.Core.Modem;

/// <summary>Turns a modem answer into a session error that names the command and the answer.</summary>
public static class ModemErrors
{
    public static SessionException Fail(string code, AtResponse response, string what, bool fatal = false) =>
        new(new SessionError(code, $"{what}: {response.Describe()}", fatal));

    public static SessionException Fail(string code, string message, bool fatal = false) =>
        new(new SessionError(code, message, fatal));

    /// <summary>
    /// True when the answer is +CME ERROR <paramref name="number"/> in either form: numeric (CMEE=1) or
    /// verbose text (CMEE=2, the stick default), huawei-modems.md §2.15.
    /// </summary>
    public static bool IsCme(AtResponse response, int number, string text) =>
        response.Final == AtFinal.CmeError &&
        (response.ErrorCode == number
         || (response.ErrorText is { } t && t.Trim().Equals(text, StringComparison.OrdinalIgnoreCase))
         || response.FinalLine.EndsWith(text, StringComparison.OrdinalIgnoreCase));
}
