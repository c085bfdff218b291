namespace WwanProto.Core.At;

/// <summary>Recognises the final result codes of V.250, 3GPP 27.007 and the Huawei extras (§2.1, §2.15, §4 item 22).</summary>
public static class AtFinalResult
{
    /// <summary>True when <paramref name="line"/> ends a command; the kind and the +CME/+CMS detail come out.</summary>
    public static bool TryParse(string line, out AtFinal final, out int? errorCode, out string? errorText)
    {
        errorCode = null;
        errorText = null;
        var text = line.Trim();
        switch (text)
        {
            case "OK": final = AtFinal.Ok; return true;
            case "ERROR": final = AtFinal.Error; return true;
            case "COMMAND NOT SUPPORT": final = AtFinal.CommandNotSupported; return true;
            case "TOO MANY PARAMETERS": final = AtFinal.TooManyParameters; return true;
            case "NO CARRIER": final = AtFinal.NoCarrier; return true;
            case "BUSY": final = AtFinal.Busy; return true;
            case "NO ANSWER": final = AtFinal.NoAnswer; return true;
            case "NO DIALTONE": final = AtFinal.NoDialtone; return true;
            case "CONNECT": final = AtFinal.Connect; return true;
        }
        if (text.StartsWith("CONNECT ", StringComparison.Ordinal))
        {
            final = AtFinal.Connect;
            return true;
        }
        if (TryError(text, "+CME ERROR:", out errorCode, out errorText))
        {
            final = AtFinal.CmeError;
            return true;
        }
        if (TryError(text, "+CMS ERROR:", out errorCode, out errorText))
        {
            final = AtFinal.CmsError;
            return true;
        }
        final = default;
        return false;
    }

    /// <summary>The bit rate of "CONNECT 150000000", or null for a bare CONNECT.</summary>
    public static long? ConnectRate(string finalLine)
    {
        var text = finalLine.Trim();
        if (!text.StartsWith("CONNECT", StringComparison.Ordinal)) return null;
        var rest = text["CONNECT".Length..].Trim();
        return long.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rate)
            ? rate : null;
    }

    private static bool TryError(string text, string prefix, out int? code, out string? detail)
    {
        code = null;
        detail = null;
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var rest = text[prefix.Length..].Trim();
        if (rest.Length > 0 && int.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            code = n;
        else
            detail = rest;
        return true;
    }
}
