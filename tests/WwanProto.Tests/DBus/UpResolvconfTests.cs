using System.Text;
using WwanProto.Core.Standalone;
using WwanProto.Tests.Standalone;
using Xunit;

namespace WwanProto.Tests.DBus;

/// <summary>
/// `huaweiwwan up` where resolvconf is installed and systemd-resolved is not running: the link's DNS servers go to
/// Debian's openresolv as record wan.huaweiwwan (it writes its resolv.conf from them) and are taken back at exit.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UpResolvconfTests
{
    [Fact]
    public async Task Dns_goes_to_resolvconf_as_iface_huaweiwwan_and_is_deleted_at_exit()
    {
        await using var rig = await StandaloneRig.StartAsync("resolvconf-");
        var resolvconf = await Openresolv.UnpackAsync(rig.Dir);
        rig.Environment[WwanProto.Core.DBus.ResolvconfDns.EnvironmentVariable] = resolvconf.Program;
        var config = Path.Combine(rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{rig.Sim.UsbPath}'\n\toption apn 'internet'\n");
        var log = new StringBuilder();
        var resolv = Path.Combine(rig.Dir, "resolv");
        using var up = rig.StartUp(log, "--config", config, "--resolv", resolv);
        try
        {
            await rig.WaitConnectedAsync(up, log);
            var gateway = rig.Sim.Addresses.Gateway.ToString();
            Assert.Equal($"nameserver {gateway}\n", File.ReadAllText(Path.Combine(resolvconf.InterfacesDir, "wan.huaweiwwan")));
            Assert.Contains($"nameserver {gateway}", File.ReadAllText(resolvconf.ResolvConf));
            Assert.False(File.Exists(resolv));
            var (_, json, _) = await rig.RunAsync(TimeSpan.FromSeconds(20), "status", "--json");
            Assert.Equal("resolvconf (wan.huaweiwwan)", StatusFile.Parse(Encoding.UTF8.GetBytes(json)).Dns);
            var (_, human, _) = await rig.RunAsync(TimeSpan.FromSeconds(20), "status");
            Assert.Contains("DNS via    resolvconf (wan.huaweiwwan)", human);

            await UpDBusTests.SigtermAsync(up);
            Assert.Equal(0, up.ExitCode);
            Assert.False(File.Exists(Path.Combine(resolvconf.InterfacesDir, "wan.huaweiwwan")));
            Assert.DoesNotContain(gateway, File.ReadAllText(resolvconf.ResolvConf));
            Assert.DoesNotContain("warning", log.ToString(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
        }
    }
}
