using System.Text;
using WwanProto.Core.Session;

namespace WwanProto.Core.HiLink;

/// <summary>
/// The login password as the stick's WebUI sends it. password_type 4:
/// base64(sha256hex(username + base64(sha256hex(password)) + token)), hex in lower case, base64 of the hex
/// text (not of the raw digest). password_type 3 (old firmware): base64(password).
/// Sha256 is our own (static musl has no OpenSSL).
/// </summary>
public static class HiLinkPassword
{
    public static string Type4(string username, string password, string token) =>
        Base64OfHex(username + Base64OfHex(password) + token);

    public static string Type3(string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(password));

    private static string Base64OfHex(string text) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Sha256.Hash(Encoding.UTF8.GetBytes(text)))));
}
