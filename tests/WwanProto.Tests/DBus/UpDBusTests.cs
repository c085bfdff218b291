using System.Diagnostics;
using System.Text;
using WwanProto.Core.Standalone;
using WwanProto.Tests.Standalone;
using Xunit;

namespace WwanProto.Tests.DBus;

/// <summary>
/// `huaweiwwan up` on a system whose D-Bus runs systemd-resolved, ModemManager and NetworkManager: a real
/// dbus-daemon on a private socket (DBUS_SYSTEM_BUS_ADDRESS) with the services' doubles on it, the modem simulated.
/// </summary>
public sealed class UpDBusTests
{
    private sealed record Running(StandaloneRig Rig, PrivateBus Bus, DesktopServicesDouble Services, Process Up, StringBuilder Log)
    {
        public string Resolv => Path.Combine(Rig.Dir, "resolv");
    }

    private static async Task<Running> StartAsync(string prefix, bool modemManagerRefuses = false, bool services = true)
    {
        var rig = await StandaloneRig.StartAsync(prefix);
        var bus = await PrivateBus.StartAsync();
        var doubles = await DesktopServicesDouble.StartAsync(bus.Address, resolved: services, modemManager: services, networkManager: services,
            modemManagerRefuses: modemManagerRefuses);
        rig.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = bus.Address;
        var config = Path.Combine(rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{rig.Sim.UsbPath}'\n\toption apn 'internet'\n");
        var log = new StringBuilder();
        var up = rig.StartUp(log, "--config", config, "--resolv", Path.Combine(rig.Dir, "resolv"));
        await rig.WaitConnectedAsync(up, log);
        return new Running(rig, bus, doubles, up, log);
    }

    private static async Task StopAsync(Running r)
    {
        if (!r.Up.HasExited) r.Up.Kill(entireProcessTree: true);
        r.Up.Dispose();
        r.Services.Dispose();
        await r.Bus.DisposeAsync();
        await r.Rig.DisposeAsync();
    }

    private static int Ifindex(StandaloneRig rig) => int.Parse(rig.Ns.Ip("-o", "link", "show", "dev", "wwan0").Split(':')[0].Trim());

    /// <summary>SIGTERM to `up` (as systemd stops it) and its exit, bounded.</summary>
    internal static async Task SigtermAsync(Process up)
    {
        using (var kill = Process.Start("kill", ["-TERM", up.Id.ToString()])!) await kill.WaitForExitAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await up.WaitForExitAsync(bound.Token);
    }

    /// <summary>The network drops the call; waits (bounded) until `up` reconnected and configured the link again.</summary>
    private static async Task DropAndReconnectAsync(Running r)
    {
        var before = StatusFile.Read(r.Rig.StatusPath)!.Modem.Reconnects;
        r.Rig.Sim.DropNetwork(36);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (StatusFile.Read(r.Rig.StatusPath) is not { Modem.State: "connected", Ipv4: not null, Modem.ConnectedSince: not null } st || st.Modem.Reconnects <= before)
        {
            if (r.Up.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"up did not reconnect after the drop (exited: {r.Up.HasExited}):\n{r.Log}");
            await Task.Delay(20);
        }
    }

    private static string[] Warnings(Running r) =>
        r.Log.ToString().Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToArray();

    [Fact]
    public async Task Tells_resolved_modemmanager_and_networkmanager_and_gives_everything_back_on_sigterm()
    {
        var r = await StartAsync("dbus-up-");
        try
        {
            var ifindex = Ifindex(r.Rig);
            var gateway = r.Rig.Sim.Addresses.Gateway.ToString();
            var calls = r.Services.Calls;
            var inhibit = Assert.Single(calls, c => c.StartsWith("InhibitDevice ", StringComparison.Ordinal));
            var uid = inhibit.Split(' ')[1];
            Assert.EndsWith(" True", inhibit);
            Assert.StartsWith(r.Rig.Sim.Paths.SysRoot, uid); // the USB device's own sysfs directory
            Assert.True(Directory.Exists(uid), uid);
            Assert.True(File.Exists(Path.Combine(uid, "idVendor")), $"{uid} is not a USB device directory");
            // ModemManager lets go before any port is opened: its inhibition is the first thing that happens.
            Assert.Equal(inhibit, calls[0]);
            Assert.Contains("GetDeviceByIpIface wwan0", calls);
            Assert.Contains("Set org.freedesktop.NetworkManager.Device Managed False", calls);
            Assert.Contains($"SetLinkDNS {ifindex} 2:{gateway}", calls);
            Assert.Contains($"SetLinkDomains {ifindex} ~.:route-only", calls);
            Assert.Contains($"SetLinkDefaultRoute {ifindex} True", calls);
            Assert.False(File.Exists(r.Resolv));
            Assert.False(r.Services.Managed);
            Assert.Empty(Warnings(r));

            var (code, json, _) = await r.Rig.RunAsync(TimeSpan.FromSeconds(20), "status", "--json");
            Assert.Equal(0, code);
            Assert.Equal("systemd-resolved", StatusFile.Parse(Encoding.UTF8.GetBytes(json)).Dns);
            var (_, human, _) = await r.Rig.RunAsync(TimeSpan.FromSeconds(20), "status");
            Assert.Contains("DNS via    systemd-resolved", human);

            await SigtermAsync(r.Up);
            Assert.Equal(0, r.Up.ExitCode);
            var after = r.Services.Calls.Skip(calls.Count).ToArray();
            Assert.Contains($"RevertLink {ifindex}", after);
            Assert.Contains($"InhibitDevice {uid} False", after);
            Assert.Contains("Set org.freedesktop.NetworkManager.Device Managed True", after);
            Assert.True(r.Services.Managed);
            Assert.Empty(Warnings(r));
        }
        finally
        {
            await StopAsync(r);
        }
    }

    [Fact]
    public async Task Link_loss_reverts_the_link_in_resolved_and_the_new_link_sets_it_again()
    {
        var r = await StartAsync("dbus-drop-");
        try
        {
            var ifindex = Ifindex(r.Rig);
            var before = r.Services.Calls.Count;
            await DropAndReconnectAsync(r);
            var calls = r.Services.Calls.Skip(before).ToList();
            var revert = calls.IndexOf($"RevertLink {ifindex}");
            Assert.True(revert >= 0, string.Join('\n', calls));
            Assert.Contains($"SetLinkDNS {ifindex} 2:{r.Rig.Sim.Addresses.Gateway}", calls.Skip(revert + 1));
            // ModemManager stays inhibited across the reconnect (same device): no second InhibitDevice, no release.
            Assert.DoesNotContain(calls, c => c.StartsWith("InhibitDevice", StringComparison.Ordinal));
            Assert.False(r.Services.Managed);
        }
        finally
        {
            await StopAsync(r);
        }
    }

    [Fact]
    public async Task A_refusing_modemmanager_is_one_warning_naming_it_and_its_error_and_the_link_still_comes_up()
    {
        var r = await StartAsync("dbus-mm-", modemManagerRefuses: true);
        try
        {
            var warning = Assert.Single(Warnings(r));
            Assert.Contains("ModemManager refused", warning);
            Assert.Contains("org.freedesktop.ModemManager1.Error.Core.NotFound", warning);
            var down = await r.Rig.RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(down.Code == 0, down.Err);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30))) await r.Up.WaitForExitAsync(bound.Token);
            Assert.Equal(0, r.Up.ExitCode);
            // Nothing was inhibited, so nothing is released.
            Assert.DoesNotContain(r.Services.Calls, c => c.StartsWith("InhibitDevice", StringComparison.Ordinal) && c.EndsWith(" False", StringComparison.Ordinal));
            Assert.Single(Warnings(r));
        }
        finally
        {
            await StopAsync(r);
        }
    }

    [Fact]
    public async Task The_bus_going_away_mid_session_is_one_warning_and_the_session_keeps_working()
    {
        var r = await StartAsync("dbus-gone-");
        try
        {
            await r.Bus.StopAsync();
            await DropAndReconnectAsync(r);
            var (code, _, _) = await r.Rig.RunAsync(TimeSpan.FromSeconds(20), "status");
            Assert.Equal(0, code);
            Assert.Contains($"inet {r.Rig.Sim.Addresses.Client}/", r.Rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));

            await SigtermAsync(r.Up);
            Assert.Equal(0, r.Up.ExitCode);
            var warning = Assert.Single(Warnings(r));
            Assert.Contains("system D-Bus went away", warning);
            // The interface configuration is ours and is removed regardless.
            Assert.DoesNotContain(r.Rig.Sim.Addresses.Client.ToString(), r.Rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
        }
        finally
        {
            await StopAsync(r);
        }
    }

    [Fact]
    public async Task A_bus_without_those_services_is_todays_behaviour_dns_in_the_file_no_calls_no_warnings()
    {
        var r = await StartAsync("dbus-none-", services: false);
        try
        {
            Assert.Contains($"nameserver {r.Rig.Sim.Addresses.Gateway}", File.ReadAllText(r.Resolv));
            var (_, json, _) = await r.Rig.RunAsync(TimeSpan.FromSeconds(20), "status", "--json");
            Assert.Equal($"file {r.Resolv}", StatusFile.Parse(Encoding.UTF8.GetBytes(json)).Dns);
            var (_, human, _) = await r.Rig.RunAsync(TimeSpan.FromSeconds(20), "status");
            Assert.Contains($"DNS via    file {r.Resolv}", human);
            await SigtermAsync(r.Up);
            Assert.Equal(0, r.Up.ExitCode);
            Assert.False(File.Exists(r.Resolv));
            Assert.Empty(r.Services.Calls);
            Assert.Empty(Warnings(r));
        }
        finally
        {
            await StopAsync(r);
        }
    }
}
