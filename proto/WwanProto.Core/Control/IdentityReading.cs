namespace WwanProto.Core.Control;

/// <summary>Who the modem is. <see cref="Said"/> quotes the answer it came from, for GETINFO_FAILED.</summary>
public sealed record IdentityReading(string? Manufacturer, string? Model, string? Firmware, string? Imei, string Said)
{
    public bool IsEmpty => Manufacturer is null && Model is null && Firmware is null && Imei is null;
}
