using WwanProto.Core.Usb.Switching;

namespace WwanProto.Tests.Usb;

/// <summary>
/// usbdevfs double: records every operation in order ("open path", "detach 0", "claim 0", "out 01 5553...",
/// "in 81 13", "release 0") and lets a test act on the bulk OUT (the simulator re-enumerates on it).
/// </summary>
public sealed class RecordingUsbTransport : IUsbTransport
{
    public List<string> Log { get; } = [];
    public List<byte[]> BulkOuts { get; } = [];
    public Func<byte[], bool>? OnBulkOut { get; init; }
    /// <summary>USBDEVFS_RESET: the simulator's device re-enumerates.</summary>
    public Action? OnReset { get; init; }
    public string? FailOn { get; init; }

    public IUsbDeviceHandle Open(string usbfsPath)
    {
        Record($"open {usbfsPath}");
        return new Handle(this);
    }

    private void Record(string entry)
    {
        lock (Log) Log.Add(entry);
        if (FailOn is not null && entry.StartsWith(FailOn, StringComparison.Ordinal))
            throw new UsbTransportException(entry, "/dev/bus/usb/001/002", 19, "No such device");
    }

    private sealed class Handle(RecordingUsbTransport owner) : IUsbDeviceHandle
    {
        public void DetachKernelDriver(int interfaceNumber) => owner.Record($"detach {interfaceNumber}");
        public void ClaimInterface(int interfaceNumber) => owner.Record($"claim {interfaceNumber}");
        public void ReleaseInterface(int interfaceNumber) => owner.Record($"release {interfaceNumber}");

        public int BulkOut(int endpoint, ReadOnlySpan<byte> data, TimeSpan timeout)
        {
            var bytes = data.ToArray();
            owner.Record($"out {endpoint:x2} {Convert.ToHexString(bytes).ToLowerInvariant()}");
            owner.BulkOuts.Add(bytes);
            owner.OnBulkOut?.Invoke(bytes);
            return bytes.Length;
        }

        public void Reset()
        {
            owner.Record("reset");
            owner.OnReset?.Invoke();
        }

        public int BulkIn(int endpoint, Span<byte> buffer, TimeSpan timeout)
        {
            owner.Record($"in {endpoint:x2} {buffer.Length}");
            return buffer.Length;
        }

        public void Dispose() => owner.Record("close");
    }
}
