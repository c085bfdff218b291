namespace WwanProto.Core.Usb.Switching;

/// <summary>
/// All known rules: usb-mode.json's (as-is, first) then ours. <see cref="Choose"/> picks the one that
/// gives the preferred composition: usb-mode.json's entry when it does, else ours, else whatever exists.
/// </summary>
public sealed class SwitchRules(IReadOnlyList<SwitchRule> usbModeJson, IReadOnlyList<SwitchRule> own)
{
    public IReadOnlyList<SwitchRule> UsbModeJson { get; } = usbModeJson;
    public IReadOnlyList<SwitchRule> Own { get; } = own;

    public static SwitchRules Load(string usbModeJsonPath) => new(Switching.UsbModeJson.Load(usbModeJsonPath), SwitchTable.Rules);

    public static SwitchRules OwnOnly { get; } = new([], SwitchTable.Rules);

    /// <summary>Whether any rule knows this device (a storage device we could switch).</summary>
    public bool Knows(UsbDevice device) => UsbModeJson.Concat(Own).Any(r => r.Matches(device));

    /// <summary>The usb-mode.json entry for the device, if any (usbmode will act on it by itself).</summary>
    public SwitchRule? UsbModeJsonRule(UsbDevice device) => UsbModeJson.FirstOrDefault(r => r.Matches(device));

    public SwitchRule? Choose(UsbDevice device, UsbModePreference preference)
    {
        if (preference == UsbModePreference.None) return null;
        var json = UsbModeJson.Where(r => r.Matches(device)).ToArray();
        var own = Own.Where(r => r.Matches(device)).ToArray();
        return json.FirstOrDefault(r => r.Gives(preference))
            ?? own.FirstOrDefault(r => r.Gives(preference))
            ?? json.FirstOrDefault()
            ?? own.FirstOrDefault();
    }
}
