using WwanProto.Core;
using WwanProto.Core.At;
using WwanProto.Core.Config;
using WwanProto.Core.Links.Qmi;
using WwanProto.Core.Qmi;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Qmi;

/// <summary>QmiLink and QmiModem against the e392 simulator: addressing from current settings, stale calls, drops, silence, teardown.</summary>
public sealed class QmiLinkTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly SessionTuning Tuning = SessionTuning.Default with
    {
        CommandTimeout = TimeSpan.FromSeconds(2), SupervisionInterval = TimeSpan.FromMilliseconds(300), StaleCallWait = TimeSpan.FromSeconds(5),
    };

    private sealed class Rig : IAsyncDisposable
    {
        public required SimulatedModem Modem { get; init; }
        public required QmiModem Qmi { get; init; }
        public required ModemConnection Connection { get; init; }
        public required QmiStateFile State { get; init; }
        public required List<string> Log { get; init; }

        public QmiLink Link(InterfaceOptions? options = null)
        {
            var context = new DataLinkContext(Connection, options ?? new InterfaceOptions { Apn = "internet", Timeout = 10 }, Tuning, l => { lock (Log) Log.Add(l); });
            return new QmiLink(context, Qmi, "wwan0", Path.Combine(Modem.Paths.SysRoot, "class", "net", "wwan0", "qmi", "raw_ip"));
        }

        public async ValueTask DisposeAsync()
        {
            await Qmi.DisposeAsync();
            await Connection.DisposeAsync();
            await Modem.DisposeAsync();
        }
    }

    private static async Task<Rig> StartAsync(bool stale = false, int reject = 0, QmiStateFile.Held? earlier = null)
    {
        var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e392", StaleSession = stale, NdisRejectCause = reject,
            RegistrationDelay = TimeSpan.FromMilliseconds(50), NdisConnectDelay = TimeSpan.FromMilliseconds(100),
        });
        var state = new QmiStateFile(modem.Paths, modem.UsbPath);
        if (earlier is not null) state.Write(earlier);
        var log = new List<string>();
        var qmi = await QmiModem.OpenAsync(modem.Paths.Dev("cdc-wdm0"), state, Tuning.CommandTimeout, l => { lock (log) log.Add(l); }, CancellationToken.None);
        var at = AtChannel.Open(modem.Paths.Dev("ttyUSB1"));
        return new Rig { Modem = modem, Qmi = qmi, Connection = new ModemConnection(at) { NetDev = "wwan0", UsbPath = modem.UsbPath }, State = state, Log = log };
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Connects_with_the_current_settings_address_records_the_call_and_teardown_stops_it()
    {
        await using var rig = await StartAsync();
        await using var link = rig.Link();
        var up = await link.ConnectAsync(CancellationToken.None);
        Assert.Equal("wwan0", up.Ifname);
        Assert.Equal(rig.Modem.Addresses.Client.ToString(), up.Ipv4!.Address);
        Assert.Equal(rig.Modem.Addresses.Gateway.ToString(), up.Ipv4.Gateway);
        Assert.Equal([rig.Modem.Addresses.Dns1.ToString(), rig.Modem.Addresses.Dns2.ToString()], up.Ipv4.Dns);
        Assert.False(up.NeedsDhcp);
        Assert.Equal(rig.Modem.QmiHandle, rig.State.Read().Handle);
        Assert.Equal(4, rig.State.Read().Clients.Count); // DMS, NAS, WDS and WDA (asked, though this firmware has none)
        Assert.Equal("N", File.ReadAllText(Path.Combine(rig.Modem.Paths.SysRoot, "class", "net", "wwan0", "qmi", "raw_ip")).Trim());

        await link.DisconnectAsync(CancellationToken.None);
        await WaitFor(() => rig.Modem.NdisState == WwanProto.ModemSim.Engine.NdisState.Idle, "the call did not end");
        Assert.Null(rig.State.Read().Handle);
        await rig.Qmi.ReleaseAsync(CancellationToken.None);
        Assert.Empty(rig.Modem.QmiClients);
        Assert.False(File.Exists(rig.State.Path));
    }

    [Fact]
    public async Task Dual_stack_starts_a_second_call_on_an_ipv6_client_records_both_and_teardown_stops_both()
    {
        await using var rig = await StartAsync();
        await using var link = rig.Link(new InterfaceOptions { Apn = "internet", PdpType = "IPV4V6", Timeout = 10 });
        var up = await link.ConnectAsync(CancellationToken.None);
        Assert.Equal(rig.Modem.Addresses.Client.ToString(), up.Ipv4!.Address);
        Assert.Equal(rig.Modem.Addresses.Ipv6Client, up.Ipv6!.Address);
        Assert.Equal(64, up.Ipv6.PrefixLength);
        Assert.Equal(rig.Modem.Addresses.Ipv6Dns, up.Ipv6.Gateway);
        Assert.Equal([rig.Modem.Addresses.Ipv6Dns], up.Ipv6.Dns);
        Assert.False(up.NeedsDhcpv6);

        // Two WDS clients, the second bound to IPv6 before its Start Network; two handles, both recorded.
        Assert.Equal(2, rig.Modem.QmiClients.Count(c => c.Service == QmiService.Wds));
        var log = rig.Modem.QmiLog;
        var family = log.ToList().FindIndex(l => l.StartsWith("WDS Set IP Family", StringComparison.Ordinal));
        Assert.True(family >= 0 && log.Skip(family).Any(l => l.StartsWith("WDS Start Network", StringComparison.Ordinal)), string.Join("\n", log));
        var held = rig.State.Read();
        Assert.NotEqual(0u, rig.Modem.QmiHandle6);
        Assert.Equal(rig.Modem.QmiHandle, held.Handle);
        Assert.Equal(rig.Modem.QmiHandle6, held.Handle6);
        Assert.NotNull(held.Wds6);
        Assert.NotEqual(held.Clients[QmiService.Wds], held.Wds6);

        await link.DisconnectAsync(CancellationToken.None);
        await WaitFor(() => rig.Modem.NdisState == WwanProto.ModemSim.Engine.NdisState.Idle && rig.Modem.QmiHandle6 == 0, "the calls did not end");
        Assert.Null(rig.State.Read().Handle6);
        await rig.Qmi.ReleaseAsync(CancellationToken.None);
        Assert.Empty(rig.Modem.QmiClients);
        Assert.False(File.Exists(rig.State.Path));
    }

    [Fact]
    public async Task Ipv6_only_brings_up_the_ipv6_call_alone_and_its_drop_ends_the_link()
    {
        await using var rig = await StartAsync();
        await using var link = rig.Link(new InterfaceOptions { Apn = "internet", PdpType = "IPV6", Timeout = 10 });
        var up = await link.ConnectAsync(CancellationToken.None);
        Assert.Null(up.Ipv4);
        Assert.Equal(rig.Modem.Addresses.Ipv6Client, up.Ipv6!.Address);
        Assert.Equal(0u, rig.Modem.QmiHandle);
        Assert.NotEqual(0u, rig.Modem.QmiHandle6);
        rig.Modem.DropNetwork(38);
        Assert.Contains("IPv6 call", await link.Lost.WaitAsync(Bound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_earlier_sessions_ipv6_call_and_client_are_undone_from_the_state_file()
    {
        var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e392", RegistrationDelay = TimeSpan.FromMilliseconds(50), NdisConnectDelay = TimeSpan.FromMilliseconds(50) });
        byte wds6;
        uint handle6;
        // The crashed session had its call up: it dialled once registered (before, the start raced the 50 ms registration).
        await WaitFor(() => modem.IsRegistered, "the modem did not register");
        await using (var crashed = QmiDevice.Open(modem.Paths.Dev("cdc-wdm0")))
        {
            wds6 = await crashed.AllocateClientAsync(QmiService.Wds, Bound);
            await crashed.CallAsync(wds6, WdsMessages.SetIpFamily(WdsMessages.IpFamily.IPv6), Bound);
            handle6 = WdsMessages.ReadStart(await crashed.CallAsync(wds6, WdsMessages.StartNetwork(null, null, null, null, WdsMessages.IpFamily.IPv6), Bound)).Handle!.Value;
        }
        Assert.Equal(handle6, modem.QmiHandle6);
        var state = new QmiStateFile(modem.Paths, modem.UsbPath);
        state.Write(new QmiStateFile.Held(new Dictionary<QmiService, byte>(), null, wds6, handle6));
        var written = state.Read();
        Assert.Equal((wds6, handle6), (written.Wds6!.Value, written.Handle6!.Value));
        var log = new List<string>();
        await using (var qmi = await QmiModem.OpenAsync(modem.Paths.Dev("cdc-wdm0"), state, Tuning.CommandTimeout, log.Add, CancellationToken.None))
        {
            await WaitFor(() => modem.QmiHandle6 == 0, "the earlier IPv6 call was not stopped");
            Assert.DoesNotContain(modem.QmiClients, c => c.Service == QmiService.Wds && c.Cid == wds6);
            Assert.Contains(log, l => l.Contains("IPv6 call handle", StringComparison.Ordinal));
        }
        await modem.DisposeAsync();
    }

    [Fact]
    public async Task A_call_left_up_by_someone_else_is_stopped_and_the_start_repeated()
    {
        await using var rig = await StartAsync(stale: true);
        await using var link = rig.Link();
        var up = await link.ConnectAsync(CancellationToken.None);
        Assert.Equal(rig.Modem.Addresses.Client.ToString(), up.Ipv4!.Address);
        Assert.Contains(rig.Log, l => l.Contains("NoEffect", StringComparison.Ordinal));
        Assert.Contains("WDS Stop Network (cid 1)", rig.Modem.QmiLog);
    }

    [Fact]
    public async Task An_earlier_sessions_call_and_clients_are_undone_from_the_state_file()
    {
        // An earlier run (kill -9) started a call on WDS client 1 and left DMS 1, NAS 1: simulate it on the modem first.
        var modem = await SimulatedModem.StartAsync(new SimOptions { Profile = "e392", RegistrationDelay = TimeSpan.FromMilliseconds(50), NdisConnectDelay = TimeSpan.FromMilliseconds(50) });
        uint handle;
        await using (var crashed = QmiDevice.Open(modem.Paths.Dev("cdc-wdm0")))
        {
            foreach (var s in new[] { QmiService.Dms, QmiService.Nas }) await crashed.AllocateClientAsync(s, Bound);
            var wds = await crashed.AllocateClientAsync(QmiService.Wds, Bound);
            handle = WdsMessages.ReadStart(await crashed.CallAsync(wds, WdsMessages.StartNetwork(null, null, null, null, WdsMessages.IpFamily.IPv4), Bound)).Handle!.Value;
        }
        var state = new QmiStateFile(modem.Paths, modem.UsbPath);
        state.Write(new QmiStateFile.Held(new Dictionary<QmiService, byte> { [QmiService.Dms] = 1, [QmiService.Nas] = 1, [QmiService.Wds] = 1 }, handle));
        var log = new List<string>();
        await using (var qmi = await QmiModem.OpenAsync(modem.Paths.Dev("cdc-wdm0"), state, Tuning.CommandTimeout, log.Add, CancellationToken.None))
        {
            await WaitFor(() => modem.NdisState == WwanProto.ModemSim.Engine.NdisState.Idle, "the earlier call was not stopped");
            Assert.DoesNotContain(modem.QmiClients, c => c.Cid == 1);
            Assert.Equal(3, modem.QmiClients.Count);
            Assert.Contains(log, l => l.Contains("an earlier session left", StringComparison.Ordinal));
        }
        await modem.DisposeAsync();
    }

    [Fact]
    public async Task A_network_drop_and_a_silent_cdc_wdm_end_the_link()
    {
        await using var rig = await StartAsync();
        await using (var link = rig.Link())
        {
            await link.ConnectAsync(CancellationToken.None);
            rig.Modem.DropNetwork(38);
            Assert.Contains("ended the QMI call", await link.Lost.WaitAsync(Bound), StringComparison.Ordinal);
        }
        await using (var link = rig.Link())
        {
            await link.ConnectAsync(CancellationToken.None);
            rig.Modem.QmiMuted = true;
            Assert.Contains("cdc-wdm silent", await link.Lost.WaitAsync(Bound), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(27, "check apn")]
    [InlineData(29, "check username")]
    public async Task A_refused_call_names_the_end_reason(int cause, string hint)
    {
        await using var rig = await StartAsync(reject: cause);
        await using var link = rig.Link(new InterfaceOptions { Apn = "wrong", Username = "u", Password = "p", Auth = "chap", Timeout = 10 });
        var e = await Assert.ThrowsAsync<SessionException>(() => link.ConnectAsync(CancellationToken.None));
        Assert.Equal(ErrorCodes.CallFailed, e.Error.Code);
        Assert.Contains(hint, e.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"p\"", e.Error.Message, StringComparison.Ordinal);
    }
}
