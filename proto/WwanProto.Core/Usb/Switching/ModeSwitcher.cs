namespace WwanProto.Core.Usb.Switching;

/// <summary>Bounds and the usbmode coexistence setting of a switch.</summary>
public sealed record ModeSwitchOptions
{
    /// <summary>How long the device may take to come back (usb_modeswitch's CheckSuccess is 20 s).</summary>
    public TimeSpan WaitBound { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan TransferTimeout { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>
    /// Wait for the device to come back. Hotplug does not: blocking procd's event queue for seconds would
    /// delay the very add events that announce the new composition.
    /// </summary>
    public bool WaitForDevice { get; init; } = true;
    /// <summary>
    /// OpenWrt's usbmode is installed and acts on its own usb-mode.json entry for every hotplug event. When that
    /// entry gives the preferred composition we let it work for this long before sending ourselves.
    /// </summary>
    public TimeSpan DeferToUsbmode { get; init; } = TimeSpan.Zero;
}

/// <summary>
/// Switches a storage-mode stick: picks the rule (usb-mode.json as-is, then our Huawei table), sends the
/// message through <see cref="IUsbTransport"/> (detach usb-storage, claim, bulk OUT the CBW, optional CSW,
/// release) and waits, bounded, for the device to re-enumerate at the same USB port as a modem.
/// A device that is already out of storage mode is left alone: that is how we coexist with usbmode.
/// </summary>
public sealed class ModeSwitcher(SystemPaths paths, IUsbTransport transport, SwitchRules rules, ModeSwitchOptions? options = null)
{
    private const int CswLength = 13;
    private const int DefaultBulkOut = 0x01, DefaultBulkIn = 0x81;
    private readonly ModeSwitchOptions _options = options ?? new ModeSwitchOptions();

    /// <summary>The usbdevfs access this switcher uses, lent to control planes for a recovery reset.</summary>
    public IUsbTransport Transport => transport;

    public async Task<ModeSwitchResult> SwitchAsync(UsbDevice device, UsbModePreference preference, CancellationToken cancellationToken = default)
    {
        var current = UsbTree.Load(paths).Find(device.Name);
        if (current is null) return new(ModeSwitchOutcome.Failed, $"{device.Name} ({device.Id}) is no longer present");
        if (current.Kind != ModemKind.Storage)
            return new(ModeSwitchOutcome.AlreadySwitched, $"{current.Name} is {current.Id} ({current.Kind.Name()}), not in storage mode: nothing to do", current);
        if (preference == UsbModePreference.None)
            return new(ModeSwitchOutcome.NotRequested, $"{current.Name} {current.Id} is in storage mode and usbmode is none: not switching", current);
        var rule = rules.Choose(current, preference);
        if (rule is null)
            return new(ModeSwitchOutcome.NoRule, $"{current.Name} {current.Id} is in storage mode and no switch message is known for it (usb-mode.json or huaweiwwan's table)", current);

        if (rule.Source == "usb-mode.json" && _options.DeferToUsbmode > TimeSpan.Zero)
        {
            var byUsbmode = await WaitForSwitchAsync(current, rule, _options.DeferToUsbmode, cancellationToken).ConfigureAwait(false);
            if (byUsbmode is not null)
                return new(ModeSwitchOutcome.AlreadySwitched, $"{current.Name} was switched by usbmode to {byUsbmode.Id} ({byUsbmode.Kind.Name()})", byUsbmode, rule);
        }

        if (Send(current, rule) is { } failure)
        {
            // A concurrent switch (usbmode) makes the device vanish under us: not a failure.
            var now = UsbTree.Load(paths).Find(current.Name);
            if (now is not null && now.Kind != ModemKind.Storage)
                return new(ModeSwitchOutcome.AlreadySwitched, $"{now.Name} switched to {now.Id} meanwhile ({failure})", now, rule);
            return new(ModeSwitchOutcome.Failed, $"switching {current.Name} {current.Id} with {rule.Describe()} failed: {failure}", current, rule);
        }

        if (!_options.WaitForDevice)
            return new(ModeSwitchOutcome.Sent, $"sent {rule.Describe()} to {current.Name} {current.Id}; it re-enumerates by itself", current, rule);
        var switched = await WaitForSwitchAsync(current, rule, _options.WaitBound, cancellationToken).ConfigureAwait(false);
        if (switched is null)
            return new(ModeSwitchOutcome.Failed,
                $"sent {rule.Describe()} to {current.Name}, but it did not come back as a modem within {_options.WaitBound.TotalSeconds:0.#} s", current, rule);
        var expected = rule.TargetProducts.Contains(switched.Product) ? "" : " (not one of the expected products)";
        return new(ModeSwitchOutcome.Switched, $"{current.Name} switched from {current.Id} to {switched.Id} ({switched.Kind.Name()}){expected} with {rule.Describe()}", switched, rule);
    }

    /// <summary>The messages of a rule, as usbmode would send them (HuaweiNew always sends its fixed CBW).</summary>
    public static IReadOnlyList<byte[]> MessagesOf(SwitchRule rule) =>
        rule.Mode == "HuaweiNew" ? [SwitchMessages.Bytes(SwitchMessages.HuaweiNew)] : rule.Messages;

    /// <summary>Null on success, else what went wrong.</summary>
    private string? Send(UsbDevice device, SwitchRule rule)
    {
        if (rule.Mode is not ("Generic" or "HuaweiNew" or "HuaweiAlt"))
            return $"usbmode's \"{rule.Mode}\" method is not one huaweiwwan performs; leave this device to usbmode";
        var messages = MessagesOf(rule);
        if (messages.Count == 0) return "the rule has no message";
        if (rule.TargetClass is { } cls && device.Interfaces.FirstOrDefault()?.Class != cls)
            return $"interface 0 has class {device.Interfaces.FirstOrDefault()?.Class:x2}, the rule wants t_class {cls:x2}";

        var storage = rule.Interface is { } n ? device.Interfaces.FirstOrDefault(i => i.Number == n) : device.Interfaces.FirstOrDefault(i => i.IsMassStorage);
        var ifaceNumber = storage?.Number ?? rule.Interface ?? 0;
        var outEp = rule.MessageEndpoint ?? storage?.BulkOutEndpoint ?? DefaultBulkOut;
        var inEp = rule.ResponseEndpoint ?? storage?.BulkInEndpoint ?? DefaultBulkIn;
        var path = device.UsbDevfsPath(paths);
        try
        {
            using var handle = transport.Open(path);
            handle.DetachKernelDriver(ifaceNumber);
            handle.ClaimInterface(ifaceNumber);
            try
            {
                foreach (var message in messages)
                {
                    var written = handle.BulkOut(outEp, message, _options.TransferTimeout);
                    if (written != message.Length) return $"bulk OUT wrote {written} of {message.Length} bytes";
                    if (rule.Response)
                    {
                        handle.BulkIn(inEp, new byte[CswLength], _options.TransferTimeout);
                    }
                }
            }
            finally
            {
                // The device may already be gone (it re-enumerates on the message): releasing can fail harmlessly.
                try { handle.ReleaseInterface(ifaceNumber); } catch (UsbTransportException) { }
            }
            return null;
        }
        catch (UsbTransportException e) { return e.Message; }
    }

    private Task<UsbDevice?> WaitForSwitchAsync(UsbDevice source, SwitchRule rule, TimeSpan bound, CancellationToken cancellationToken)
    {
        var vendor = rule.TargetVendor ?? source.Vendor;
        return UsbTreeWaiter.WaitForAsync(paths, tree =>
        {
            var now = tree.Find(source.Name);
            return now is not null && now.Vendor == vendor && now.Kind is not (ModemKind.Storage or ModemKind.None) ? now : null;
        }, bound, cancellationToken);
    }
}
