using WwanProto.Core.Config;

namespace WwanProto.Core.Setup;

/// <summary>Which option values must never be shown, and how they are shown instead.</summary>
public static class SecretMask
{
    public const string Masked = "********";

    /// <summary>Schema secrets (pincode, password), and unknown options whose name suggests a secret (a mistyped "pin", a keyfile's "puk").</summary>
    public static bool IsSecret(string option)
    {
        if (OptionSchema.Find(option) is { } spec)
            return spec.Secret;
        var n = option.ToLowerInvariant();
        return n.Contains("pin", StringComparison.Ordinal) || n.Contains("puk", StringComparison.Ordinal) || n.Contains("pass", StringComparison.Ordinal) || n.Contains("secret", StringComparison.Ordinal)
            || n.Contains("psk", StringComparison.Ordinal) || n.Contains("key", StringComparison.Ordinal);
    }

    public static string Show(string option, string value) => IsSecret(option) ? Masked : value;
}
