using WwanProto.ModemSim;
using WwanProto.Tests.Netifd;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): netifd tears the interface down while the session waits for a storage-mode stick to come
/// back switched. The proto task is a process of its own, so its usbdevfs message cannot reach the simulator; the
/// wait it is in here is the one for OpenWrt's usbmode: with usbmode installed and the stick's usb-mode.json entry giving
/// the composition asked for (usbmode hilink), the session lets usbmode switch it (usbmode runs from hotplug, not from
/// the session) and waits for the switched device, up to 5 s, before it would send the message itself. Teardown then SIGTERM, as netifd does: exit 0 within netifd's 5 s, nothing more told to netifd, nothing
/// left in the state and lock directories, no SIM attempt.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ModeSwitchTeardownTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    // OpenWrt usbmode's data for the E3372 family in storage mode (12d1:1f01 -> HuaweiNew), as the package ships it.
    private const string UsbModeJson = """
        { "messages": [ "55534243123456780000000000000011062000000101000100000000000000" ],
          "devices": { "12d1:1f01": { "*": { "t_vendor": 4817, "t_product": [ 5339, 5340 ], "mode": "HuaweiNew", "msg": [ ] } } } }
        """;

    [Fact]
    public async Task Teardown_while_waiting_for_the_switched_device_ends_the_task_cleanly()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        using var netifd = new NetifdHarness(ubusd);
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "storage-1f01", Card = SimAttempts.Locked }).WaitAsync(Bound);
        var json = Path.Combine(netifd.Root, "usb-mode.json");
        await File.WriteAllTextAsync(json, UsbModeJson);
        var usbmode = Path.Combine(netifd.Root, "usbmode"); // installed; hotplug would run it, the session never does
        await File.WriteAllTextAsync(usbmode, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(usbmode, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var usbmodeEnv = new Dictionary<string, string> { ["HUAWEIWWAN_USBMODE_JSON"] = json, ["HUAWEIWWAN_USBMODE_BIN"] = usbmode };
        var env = new Dictionary<string, string>(NetifdSessionFlowTests.SimEnv(sim));
        // usbmode hilink: usb-mode.json's entry (HuaweiNew -> 14db/14dc) gives what is asked for, so usbmode's is the switch to wait for.
        var config = $$"""{"proto":"huaweiwwan","apn":"internet","device":"{{sim.UsbPath}}","usbmode":"hilink","pincode":"{{SimAttempts.Pin}}"}""";

        var setup = await netifd.ActionAsync("setup", "wan", config, env);
        Assert.True(setup.Exit == 0, setup.Stderr);
        await using var task = NetifdProtoTask.Start(netifd, Assert.Single(ubusd.Notifications("wan")), usbmodeEnv);
        using (var wait = new CancellationTokenSource(Bound))
            while (!task.StderrSoFar.Contains("is in storage mode: switching it and waiting", StringComparison.Ordinal))
            {
                Assert.False(task.HasExited, $"the session ended before the mode switch:\n{task.StderrSoFar}");
                await Task.Delay(20, wait.Token);
            }
        var notified = ubusd.Notifications("wan").Count;

        var log = await NetifdTeardownStepTests.TeardownAsync(netifd, ubusd, task, config, env, "in the mode-switch wait");
        // Still in the wait when SIGTERM came: it never got to report the switch's outcome.
        Assert.DoesNotContain("was switched by usbmode", log, StringComparison.Ordinal);
        Assert.DoesNotContain("failed:", log, StringComparison.Ordinal);

        Assert.Equal(notified, ubusd.Notifications("wan").Count);
        Assert.Empty(Directory.GetFiles(sim.Paths.LockDir));
        Assert.Empty(Directory.GetFiles(netifd.StateDir, "wan.*"));
        Assert.DoesNotContain(SimAttempts.Pin, log, StringComparison.Ordinal);
        SimAttempts.AssertNoneUsed(sim);
    }
}
