using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Usb;

/// <summary>Device model, port selection and mode switch against the simulator's tree and ptys, with the real AT engine.</summary>
public class SimUsbTests
{
    private static SimOptions Noisy(string profile, int seed = 7) => new()
    {
        Profile = profile,
        Seed = seed,
        Faults = new SimFaults { SplitReads = true, InterleaveUrcs = true },
    };

    [Theory]
    [InlineData("e3372h-153", ModemKind.Ncm, "ttyUSB0", "ttyUSB1", "wwan0")]
    [InlineData("e3372h-320", ModemKind.Ncm, "ttyUSB2", "ttyUSB0", "wwan0")]
    [InlineData("e3131", ModemKind.Ppp, "ttyUSB2", "ttyUSB0", null)]
    [InlineData("e367", ModemKind.Ppp, "ttyUSB2", "ttyUSB0", null)]
    [InlineData("gateway-1001", ModemKind.Ppp, "ttyUSB2", "ttyUSB0", null)]
    [InlineData("phone-acm", ModemKind.Acm, "ttyACM0", "ttyACM0", null)]
    public async Task Every_profile_gets_the_right_control_port_with_split_reads_and_urcs(string profile, ModemKind kind, string control, string ppp, string? net)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var sim = await SimulatedModem.StartAsync(Noisy(profile), cts.Token);
        var tree = UsbTree.Load(sim.Paths);
        var device = DeviceResolver.Resolve(tree, "auto").Require();
        Assert.Equal(kind, device.Kind);

        var probe = new AtPortProbe(sim.Paths.LockDir);
        var reports = await ModemProbe.RunAsync(tree, [device], probe, ModemProbe.AtIdentity(probe, TimeSpan.FromSeconds(3), cts.Token),
            SwitchRules.OwnOnly, cancellationToken: cts.Token);
        var report = Assert.Single(reports);
        Assert.Equal(control, report.Selection.Control);
        Assert.Equal(ppp, report.Selection.Ppp);
        Assert.Equal(net, report.Selection.NetDev);
        Assert.Equal(sim.Imei, report.Identity?.Imei);

        // Diag ports are never written to.
        foreach (var diag in report.Selection.Ports.Where(p => p.Role == PortRole.Diag))
            Assert.Equal(0, sim.BytesReceivedOn(diag.Name));
        Assert.Contains("\"imei\": \"" + sim.Imei + "\"", ProbeJson.Write(reports, sim.Paths));
    }

    [Fact]
    public async Task Stick_1506_cdc_wdm_is_found_beside_the_pcui()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "e3372h-153" }, cts.Token);
        var device = UsbTree.Load(sim.Paths).Devices.Single();
        var s = await PortSelector.SelectAsync(device, sim.Paths, new AtPortProbe(sim.Paths.LockDir), cancellationToken: cts.Token);
        Assert.Equal("cdc-wdm0", s.CdcWdm);
        Assert.Equal(PortRole.CdcWdmAt, s.RoleOf("cdc-wdm0"));
    }

    [Fact]
    public async Task Imei_form_resolves_through_AT_CGSN()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var sim = await SimulatedModem.StartAsync(Noisy("e3372h-320"), cts.Token);
        var lookup = new AtImeiLookup(sim.Paths, new AtPortProbe(sim.Paths.LockDir), TimeSpan.FromSeconds(3));
        var tree = UsbTree.Load(sim.Paths);
        Assert.Equal("1-1", (await DeviceResolver.ResolveAsync(tree, "imei:" + sim.Imei, lookup, cts.Token)).Require().Name);
        var other = await DeviceResolver.ResolveAsync(tree, "imei:000000000000000", lookup, cts.Token);
        Assert.Contains(sim.Imei, other.Error!.Message);
    }

    [Theory]
    [InlineData("stick", "12d1:155e", ModemKind.Ncm, "ttyUSB2")]
    [InlineData("hilink", "12d1:14dc", ModemKind.HiLink, null)]
    public async Task Switch_reenumerates_and_the_probe_finds_the_new_ports(string preference, string id, ModemKind kind, string? control)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = "storage-1f01", SwitchDelay = TimeSpan.FromMilliseconds(100) }, cts.Token);
        var storage = DeviceResolver.Resolve(UsbTree.Load(sim.Paths), "auto").Require();
        Assert.Equal(ModemKind.Storage, storage.Kind);

        var transport = new RecordingUsbTransport { OnBulkOut = cbw => sim.AcceptSwitchMessage(cbw) };
        var result = await new ModeSwitcher(sim.Paths, transport, SwitchRules.OwnOnly, new ModeSwitchOptions { WaitBound = TimeSpan.FromSeconds(10) })
            .SwitchAsync(storage, UsbModePreferences.Parse(preference), cts.Token);
        Assert.Equal(ModeSwitchOutcome.Switched, result.Outcome);
        Assert.Equal(id, result.Device!.Id);
        Assert.Equal(kind, result.Device.Kind);

        // Resolution is re-run after the re-enumeration; same USB path, new composition.
        var device = DeviceResolver.Resolve(UsbTree.Load(sim.Paths), "1-1").Require();
        if (control is null) return;
        var s = await PortSelector.SelectAsync(device, sim.Paths, new AtPortProbe(sim.Paths.LockDir), cancellationToken: cts.Token);
        Assert.Equal(control, s.Control);

        // A second switch attempt on the switched device does nothing.
        var again = await new ModeSwitcher(sim.Paths, transport, SwitchRules.OwnOnly).SwitchAsync(device, UsbModePreference.Stick, cts.Token);
        Assert.Equal(ModeSwitchOutcome.AlreadySwitched, again.Outcome);
        Assert.Single(transport.BulkOuts);
    }
}
