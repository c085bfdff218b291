using WwanProto.Core.At;
using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Modem;

/// <summary>Who the modem is: ATI, with +CGMI/+CGMM/+CGMR/+CGSN for what ATI left out (huawei-modems.md §2.2).</summary>
public sealed record ModemIdentity(string? Manufacturer, string? Model, string? Firmware, string? Imei)
{
    public bool IsEmpty => Manufacturer is null && Model is null && Firmware is null && Imei is null;

    public static async Task<(ModemIdentity Identity, AtResponse Ati)> ReadAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        var ati = await at.SendAsync("ATI", timeout, ct).ConfigureAwait(false);
        var parsed = ati.IsOk ? AtiParser.Parse(ati.Lines) : null;
        string? manufacturer = parsed?.Manufacturer, model = parsed?.Model, firmware = parsed?.Revision, imei = parsed?.Imei;
        manufacturer ??= await SingleAsync(at, "AT+CGMI", "+CGMI:", timeout, ct).ConfigureAwait(false);
        model ??= await SingleAsync(at, "AT+CGMM", "+CGMM:", timeout, ct).ConfigureAwait(false);
        firmware ??= await SingleAsync(at, "AT+CGMR", "+CGMR:", timeout, ct).ConfigureAwait(false);
        imei ??= await SingleAsync(at, "AT+CGSN", "+CGSN:", timeout, ct).ConfigureAwait(false);
        return (new ModemIdentity(manufacturer, model, firmware, imei), ati);
    }

    /// <summary>The one information line of a +CGxx answer, with or without its "+CGxx:" prefix.</summary>
    private static async Task<string?> SingleAsync(IAtChannel at, string command, string prefix, TimeSpan timeout, CancellationToken ct)
    {
        var answer = await at.SendAsync(command, timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk || answer.Lines.Count == 0) return null;
        var line = answer.Line(prefix) is { } p ? p[prefix.Length..] : answer.Lines[0];
        return line.Trim().Trim('"') is { Length: > 0 } v ? v : null;
    }
}
