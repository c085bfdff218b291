namespace WwanProto.Core.Usb.Switching;

/// <summary>The `usbmode` option: which composition a dual-mode stick should be switched into.</summary>
public enum UsbModePreference
{
    /// <summary>Serial ports + NCM (or PPP): the handler drives the modem; no NAT inside the stick.</summary>
    Stick,
    /// <summary>cdc_ether/RNDIS with the stick's own router (double NAT, web API).</summary>
    HiLink,
    /// <summary>Never switch; leave it to usbmode or the user.</summary>
    None,
}

public static class UsbModePreferences
{
    public static UsbModePreference Parse(string? value) => value switch
    {
        "hilink" => UsbModePreference.HiLink,
        "none" => UsbModePreference.None,
        _ => UsbModePreference.Stick,
    };

    public static string Name(this UsbModePreference preference) => preference switch
    {
        UsbModePreference.HiLink => "hilink",
        UsbModePreference.None => "none",
        _ => "stick",
    };
}
