using System.Globalization;

namespace WwanProto.Core.Usb;

/// <summary>USB vendor ids we treat as Huawei-family modems, and "vvvv:pppp" formatting/parsing.</summary>
public static class UsbIds
{
    public const int Huawei = 0x12d1;
    /// <summary>The newer Huawei vendor id (E5785 and later; OpenWrt's usbmode override 3426:1f01).</summary>
    public const int HuaweiNew = 0x3426;
    /// <summary>Brovi/ZOWEE "E3372-325" (Marvell, sold as Huawei; huawei-modems.md §1.1).</summary>
    public const int Brovi = 0x3566;

    public static bool IsHuaweiFamily(int vendor) => vendor is Huawei or HuaweiNew or Brovi;

    public static string Format(int vendor, int product) => $"{vendor:x4}:{product:x4}";

    /// <summary>Parses "12d1:1506" (exactly 4+4 hex digits).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int vendor, out int product)
    {
        vendor = product = 0;
        return text.Length == 9 && text[4] == ':'
            && int.TryParse(text[..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out vendor)
            && int.TryParse(text[5..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out product);
    }
}
