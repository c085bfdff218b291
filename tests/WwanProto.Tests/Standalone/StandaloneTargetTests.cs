using WwanProto.Core;
using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>Which interface `down`, `status`, `sms` and `ussd` mean when none is named.</summary>
public sealed class StandaloneTargetTests
{
    [Fact]
    public void The_dhcp_clients_pid_file_is_no_second_session()
    {
        var dir = Directory.CreateTempSubdirectory("standalone-target-").FullName;
        try
        {
            var paths = new SystemPaths("/", "/dev", dir, dir);
            File.WriteAllText(Path.Combine(dir, "wan.pid"), "1\n");
            File.WriteAllText(Path.Combine(dir, "wan.status.json"), "{}");
            // A HiLink stick's or phone's link runs udhcpc, whose pid file lives beside the session's.
            File.WriteAllText(Path.Combine(dir, "dhcp-usb0.pid"), "2\n");
            File.WriteAllText(Path.Combine(dir, "dhcpv6-usb0.pid"), "3\n");
            Assert.Equal(("wan", (string?)null), StandaloneTarget.Resolve(paths, null));
            File.WriteAllText(Path.Combine(dir, "lte_2.pid"), "4\n");
            Assert.Equal("several sessions are running (lte_2, wan); name one with --iface", StandaloneTarget.Resolve(paths, null).Error);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
