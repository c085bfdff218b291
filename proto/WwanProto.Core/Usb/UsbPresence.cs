namespace WwanProto.Core.Usb;

/// <summary>
/// For control planes without a port of their own to lose (HiLink's HTTP, tethering's none): completes when the
/// USB device at <paramref name="usbPath"/> leaves the bus, or comes back as another enumeration (its devnum
/// changed: a reset or reboot that was quicker than one check): true. Checked every <paramref name="interval"/>,
/// a sysfs read each; false when <paramref name="ct"/> ends the watch first.
/// </summary>
public static class UsbPresence
{
    public static Task<bool> GoneAsync(SystemPaths paths, string usbPath, TimeSpan interval, CancellationToken ct)
    {
        var devnumPath = Path.Combine(paths.UsbDevices, usbPath, "devnum");
        var first = Read(devnumPath);
        return Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(interval, ct).ConfigureAwait(false);
                    var now = Read(devnumPath);
                    if (now is null || now != first) return true;
                }
            }
            catch (OperationCanceledException) { return false; }
        }, CancellationToken.None);
    }

    private static string? Read(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
