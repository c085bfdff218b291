using WwanProto.Core.Session;

namespace WwanProto.Core.Usb.Switching;

public enum ModeSwitchOutcome
{
    /// <summary>The message was sent and the device came back as a modem.</summary>
    Switched,
    /// <summary>The message was sent; the caller did not wait for the device to come back (hotplug).</summary>
    Sent,
    /// <summary>The device is not in storage mode (switched before, e.g. by OpenWrt's usbmode): nothing was sent.</summary>
    AlreadySwitched,
    /// <summary>usbmode = none: nothing was sent.</summary>
    NotRequested,
    /// <summary>No rule in usb-mode.json or our table knows this device.</summary>
    NoRule,
    Failed,
}

/// <summary>What a mode switch did, for the log, the `modeswitch` verb and the session.</summary>
public sealed record ModeSwitchResult(ModeSwitchOutcome Outcome, string Message, UsbDevice? Device = null, SwitchRule? Rule = null)
{
    /// <summary>Whether the device is (now) out of storage mode.</summary>
    public bool Ready => Outcome is ModeSwitchOutcome.Switched or ModeSwitchOutcome.AlreadySwitched;

    public SessionError? Error => Outcome is ModeSwitchOutcome.Failed or ModeSwitchOutcome.NoRule
        ? new SessionError(ErrorCodes.ModeSwitchFailed, Message) : null;
}
