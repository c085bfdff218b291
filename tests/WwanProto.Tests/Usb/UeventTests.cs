using System.Diagnostics;
using System.Text;
using WwanProto.Core.Native;
using WwanProto.Core.Usb;
using Xunit;

namespace WwanProto.Tests.Usb;

/// <summary>
/// Kernel uevents: the parser on messages in the kernel's wire format (as recorded from NETLINK_KOBJECT_UEVENT when an
/// E3372h-320 came back from a reset as a storage device and was switched), and the real socket against this
/// kernel: opened, bound, and receiving the uevent of a network device created for the test.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UeventTests
{
    private static byte[] Message(string header, params string[] fields) =>
        Encoding.UTF8.GetBytes(header + "\0" + string.Concat(fields.Select(f => f + "\0")));

    private const string Hub = "/devices/pci0000:00/0000:00:14.0/usb1";

    [Fact]
    public void A_usb_device_add_is_parsed_with_its_fields()
    {
        var e = Uevent.Parse(Message($"add@{Hub}/1-2", "ACTION=add", $"DEVPATH={Hub}/1-2", "SUBSYSTEM=usb", "MAJOR=189", "MINOR=5",
            "DEVNAME=bus/usb/001/006", "DEVTYPE=usb_device", "PRODUCT=12d1/1f01/102", "TYPE=0/0/0", "BUSNUM=001", "DEVNUM=006", "SEQNUM=3051"))!;
        Assert.Equal("add", e.Action);
        Assert.Equal($"{Hub}/1-2", e.DevPath);
        Assert.Equal("usb", e.Subsystem);
        Assert.Equal("usb_device", e.DevType);
        Assert.Equal("12d1/1f01/102", e.Fields["PRODUCT"]);
        Assert.True(e.IsArrival);
        Assert.True(e.Concerns("1-2"));
        Assert.True(e.Concerns(null));
        Assert.False(e.Concerns("1-2.1"));
        Assert.False(e.Concerns("1-1"));
    }

    [Fact]
    public void Ports_and_binds_of_a_device_concern_it_removes_are_no_arrival()
    {
        var tty = Uevent.Parse(Message($"add@{Hub}/1-2/1-2:1.2/ttyUSB2/tty/ttyUSB2", "ACTION=add", $"DEVPATH={Hub}/1-2/1-2:1.2/ttyUSB2/tty/ttyUSB2",
            "SUBSYSTEM=tty", "MAJOR=188", "MINOR=2", "DEVNAME=ttyUSB2", "SEQNUM=3070"))!;
        Assert.True(tty.IsArrival);
        Assert.True(tty.Concerns("1-2"));
        var bind = Uevent.Parse(Message($"bind@{Hub}/1-2", "ACTION=bind", $"DEVPATH={Hub}/1-2", "SUBSYSTEM=usb", "DEVTYPE=usb_device", "DRIVER=usb", "SEQNUM=3072"))!;
        Assert.True(bind.IsArrival);
        var behindHub = Uevent.Parse(Message($"add@{Hub}/1-1/1-1.3", "ACTION=add", $"DEVPATH={Hub}/1-1/1-1.3", "SUBSYSTEM=usb", "DEVTYPE=usb_device", "SEQNUM=1"))!;
        Assert.True(behindHub.Concerns("1-1.3"));
        var remove = Uevent.Parse(Message($"remove@{Hub}/1-2", "ACTION=remove", $"DEVPATH={Hub}/1-2", "SUBSYSTEM=usb", "SEQNUM=3001"))!;
        Assert.False(remove.IsArrival);
        var veth = Uevent.Parse(Message("add@/devices/virtual/net/veth0", "ACTION=add", "DEVPATH=/devices/virtual/net/veth0", "SUBSYSTEM=net", "INTERFACE=veth0", "IFINDEX=7", "SEQNUM=9"))!;
        Assert.False(veth.Concerns(null));
    }

    public static TheoryData<string> NotUevents => new()
    {
        "", // empty
        "add@/devices/x", // no NUL at all
        "libudev\0\u00fe\u00ed\u00ca\u00feACTION=add\0", // udev's re-broadcast (group 2)
        "add/devices/x\0ACTION=add\0DEVPATH=/devices/x\0", // no '@'
        "@/devices/x\0ACTION=\0DEVPATH=/devices/x\0", // no action
        "add@devices/x\0ACTION=add\0DEVPATH=devices/x\0", // not a sysfs path
        "add@/devices/x\0ACTION=remove\0DEVPATH=/devices/x\0", // disagrees with itself
        "add@/devices/x\0ACTION=add\0DEVPATH=/devices/y\0",
        "add@/devices/x\0ACTION=add\0", // no DEVPATH field
        "add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0=value\0", // empty key
        "add@/devices/x\0ACTION=add\0DEVPATH=/devices/x\0NOEQUALS\0",
    };

    [Theory]
    [MemberData(nameof(NotUevents))]
    public void Anything_else_is_no_uevent(string text) =>
        Assert.Null(Uevent.Parse(Encoding.Latin1.GetBytes(text)));

    [Fact]
    public void Invalid_utf8_and_oversized_messages_are_no_uevents()
    {
        var bad = Message("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x");
        bad[bad.Length - 3] = 0xff;
        Assert.Null(Uevent.Parse(bad));
        var huge = Message("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "X=" + new string('a', Uevent.MaxSize));
        Assert.Null(Uevent.Parse(huge));
    }

    [Fact]
    public async Task The_socket_binds_to_the_kernels_group_and_receives_a_real_uevent()
    {
        // A veth pair that lives for this test only: no address, never up, no traffic; its uevents come from this kernel.
        var name = $"wwue{Environment.ProcessId % 10000}";
        var seen = new TaskCompletionSource<Uevent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (UeventSocket.Open(e => { if (e.Action == "add" && e.Fields.GetValueOrDefault("INTERFACE") == name) seen.TrySetResult(e); }))
        {
            Ip("link", "add", name, "type", "veth", "peer", "name", name + "p");
            try
            {
                var e = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal("net", e.Subsystem);
                Assert.EndsWith("/net/" + name, e.DevPath);
                Assert.False(e.Concerns(null));
            }
            finally
            {
                Ip("link", "del", name);
            }
        }
    }

    private static void Ip(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo("ip", args) { RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ip {string.Join(' ', args)}: {err}");
    }
}
