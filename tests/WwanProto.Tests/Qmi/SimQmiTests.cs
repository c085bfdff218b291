using WwanProto.Core.Qmi;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Qmi;

/// <summary>
/// The simulator's QMI side (e392 profile) through the product's client: every answer it gives is decoded here,
/// with the split/merge faults too, and its fault knobs (stale call, call failures, drop, mute) behave as the
/// hardware does.
/// </summary>
public sealed class SimQmiTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Task<SimulatedModem> Start(SimFaults? faults = null, SimCardOptions? card = null, bool stale = false, int reject = 0) =>
        SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e392", Faults = faults ?? new SimFaults(), Card = card ?? new SimCardOptions(), StaleSession = stale,
            NdisRejectCause = reject, RegistrationDelay = TimeSpan.FromMilliseconds(100), NdisConnectDelay = TimeSpan.FromMilliseconds(100),
        });

    private static QmiDevice Open(SimulatedModem modem) => QmiDevice.Open(modem.Paths.Dev("cdc-wdm0"));

    private static async Task WaitRegistered(QmiDevice qmi, byte nas)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (NasMessages.ReadServingSystem(await qmi.CallAsync(nas, NasMessages.GetServingSystem(), Bound))!.Registration != NasMessages.RegistrationState.Registered)
        {
            Assert.True(DateTime.UtcNow < deadline, "not registered");
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Every_answer_decodes(bool split, bool merge)
    {
        await using var modem = await Start(new SimFaults { SplitReads = split, MergeQmi = merge });
        Assert.Equal("1506", SimTestKitPid(modem));
        await using var qmi = Open(modem);

        var versions = CtlMessages.Versions(await qmi.CallAsync(0, CtlMessages.GetVersionInfo(), Bound));
        Assert.Contains(versions, v => v.Service == (byte)QmiService.Wds);
        Assert.DoesNotContain(versions, v => v.Service == (byte)QmiService.Wda);

        var dms = await qmi.AllocateClientAsync(QmiService.Dms, Bound);
        var nas = await qmi.AllocateClientAsync(QmiService.Nas, Bound);
        var wds = await qmi.AllocateClientAsync(QmiService.Wds, Bound);
        var wda = await qmi.AllocateClientAsync(QmiService.Wda, Bound);

        Assert.Equal(modem.Imei, DmsMessages.ReadIds(await qmi.CallAsync(dms, DmsMessages.GetIds(), Bound)).Imei);
        Assert.Equal("E392", DmsMessages.ReadText(await qmi.CallAsync(dms, DmsMessages.GetModel(), Bound)));
        Assert.Equal("11.833.09.03.00", DmsMessages.ReadText(await qmi.CallAsync(dms, DmsMessages.GetRevision(), Bound)));
        Assert.Equal("89490200001234567890", DmsMessages.ReadText(await qmi.CallAsync(dms, DmsMessages.GetIccid(), Bound)));
        Assert.Equal("262011234567890", DmsMessages.ReadText(await qmi.CallAsync(dms, DmsMessages.GetImsi(), Bound)));
        Assert.Equal(DmsMessages.UimState.Ready, DmsMessages.ReadUimState(await qmi.CallAsync(dms, DmsMessages.GetUimState(), Bound)));
        Assert.Equal(DmsMessages.PinState.Disabled, DmsMessages.ReadPin1(await qmi.CallAsync(dms, DmsMessages.GetPinStatus(), Bound))!.State);
        Assert.Equal(DmsMessages.OperatingMode.Online, DmsMessages.ReadOperatingMode(await qmi.CallAsync(dms, DmsMessages.GetOperatingMode(), Bound)));

        await qmi.CallAsync(nas, NasMessages.RegisterServingSystemIndications(), Bound);
        await WaitRegistered(qmi, nas);
        var serving = NasMessages.ReadServingSystem(await qmi.CallAsync(nas, NasMessages.GetServingSystem(), Bound))!;
        Assert.Equal("LTE", serving.Rat);
        Assert.Equal("26201", serving.Plmn);
        Assert.Equal("WwanSim", serving.Description);
        Assert.Equal(false, serving.Roaming);
        var signal = NasMessages.ReadSignal(await qmi.CallAsync(nas, NasMessages.GetSignalStrength(), Bound))!;
        Assert.InRange(signal.Dbm, -113, -51);
        await qmi.CallAsync(nas, NasMessages.SetModePreference(NasMessages.ModePreference.Umts | NasMessages.ModePreference.Lte), Bound);
        Assert.Equal(NasMessages.ModePreference.Umts | NasMessages.ModePreference.Lte,
            NasMessages.ReadModePreference(await qmi.CallAsync(nas, NasMessages.GetSystemSelectionPreference(), Bound)));
        await WaitRegistered(qmi, nas);

        // Old firmware: no WDA.
        var e = await Assert.ThrowsAsync<QmiErrorException>(() => qmi.CallAsync(wda, WdaMessages.GetDataFormat(), Bound));
        Assert.Equal(QmiError.InvalidQmiCommand, e.Error);

        var status = new TaskCompletionSource<WdsMessages.PacketStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        qmi.Indication += m =>
        {
            if (m.Service == QmiService.Wds && m.ClientId == wds && WdsMessages.ReadStatusIndication(new QmiTlvReader(m)) is { } s) status.TrySetResult(s);
        };
        var start = WdsMessages.ReadStart(await qmi.CallAsync(wds, WdsMessages.StartNetwork("internet", null, null, null, WdsMessages.IpFamily.IPv4), Bound));
        Assert.Equal(modem.QmiHandle, start.Handle);
        Assert.Equal(WdsMessages.ConnectionStatus.Connected, (await status.Task.WaitAsync(Bound)).Status);
        Assert.Equal(WdsMessages.ConnectionStatus.Connected, WdsMessages.ReadStatus(await qmi.CallAsync(wds, WdsMessages.GetPacketServiceStatus(), Bound)));
        var settings = WdsMessages.ReadSettings(await qmi.CallAsync(wds, WdsMessages.GetCurrentSettings(), Bound));
        Assert.Equal(modem.Addresses.Client, settings.Ipv4);
        Assert.Equal(modem.Addresses.Gateway, settings.Ipv4Gateway);
        Assert.Equal([modem.Addresses.Dns1, modem.Addresses.Dns2], settings.Ipv4Dns);
        Assert.Equal(1500u, settings.Mtu);

        var again = await Assert.ThrowsAsync<QmiErrorException>(() => qmi.CallAsync(wds, WdsMessages.StartNetwork("internet", null, null, null, WdsMessages.IpFamily.IPv4), Bound));
        Assert.Equal(QmiError.NoEffect, again.Error);
        await qmi.CallAsync(wds, WdsMessages.StopNetwork(start.Handle!.Value), Bound);
        await qmi.ReleaseClientAsync(QmiService.Wds, wds, Bound);
        Assert.DoesNotContain(modem.QmiClients, c => c.Service == QmiService.Wds);
        await qmi.CallAsync(0, CtlMessages.Sync(), Bound);
        Assert.Empty(modem.QmiClients);
    }

    private static string SimTestKitPid(SimulatedModem modem) => modem.CurrentPid.ToString("x4");

    [Fact]
    public async Task Pin_verify_counts_tries_and_unlocks()
    {
        await using var modem = await Start(card: new SimCardOptions { State = "pin", Pin = "4321" });
        await using var qmi = Open(modem);
        var dms = await qmi.AllocateClientAsync(QmiService.Dms, Bound);
        var pin = DmsMessages.ReadPin1(await qmi.CallAsync(dms, DmsMessages.GetPinStatus(), Bound))!;
        Assert.Equal(new DmsMessages.PinStatus(DmsMessages.PinState.EnabledNotVerified, 3, 10), pin);
        var wrong = await Assert.ThrowsAsync<QmiErrorException>(() => qmi.CallAsync(dms, DmsMessages.VerifyPin("0000"), Bound));
        Assert.Equal(QmiError.IncorrectPin, wrong.Error);
        Assert.Equal(new DmsMessages.Retries(2, 10), DmsMessages.ReadRetries(wrong.Answer));
        Assert.Equal(new DmsMessages.Retries(3, 10), DmsMessages.ReadRetries(await qmi.CallAsync(dms, DmsMessages.VerifyPin("4321"), Bound)));
        Assert.Equal(DmsMessages.PinState.EnabledVerified, DmsMessages.ReadPin1(await qmi.CallAsync(dms, DmsMessages.GetPinStatus(), Bound))!.State);
    }

    [Fact]
    public async Task A_call_left_up_answers_no_effect_until_stopped_with_the_global_handle()
    {
        await using var modem = await Start(stale: true);
        await using var qmi = Open(modem);
        var nas = await qmi.AllocateClientAsync(QmiService.Nas, Bound);
        var wds = await qmi.AllocateClientAsync(QmiService.Wds, Bound);
        await WaitRegistered(qmi, nas);
        Assert.NotEqual(0u, modem.QmiHandle);
        var e = await Assert.ThrowsAsync<QmiErrorException>(() => qmi.CallAsync(wds, WdsMessages.StartNetwork(null, null, null, null, WdsMessages.IpFamily.IPv4), Bound));
        Assert.Equal(QmiError.NoEffect, e.Error);
        var wrongHandle = await Assert.ThrowsAsync<QmiErrorException>(() => qmi.CallAsync(wds, WdsMessages.StopNetwork(1), Bound));
        Assert.Equal(QmiError.InvalidHandle, wrongHandle.Error);
        await qmi.CallAsync(wds, WdsMessages.StopNetwork(WdsMessages.GlobalHandle), Bound);
        var deadline = DateTime.UtcNow + Bound;
        while (WdsMessages.ReadStatus(await qmi.CallAsync(wds, WdsMessages.GetPacketServiceStatus(), Bound)) != WdsMessages.ConnectionStatus.Disconnected)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(20);
        }
        Assert.NotNull(WdsMessages.ReadStart(await qmi.CallAsync(wds, WdsMessages.StartNetwork(null, null, null, null, WdsMessages.IpFamily.IPv4), Bound)).Handle);
    }

    [Theory]
    [InlineData(27)]
    [InlineData(29)]
    public async Task A_refused_call_fails_with_its_end_reason(int cause)
    {
        await using var modem = await Start(reject: cause);
        await using var qmi = Open(modem);
        var wds = await qmi.AllocateClientAsync(QmiService.Wds, Bound);
        var e = await Assert.ThrowsAsync<QmiErrorException>(() => qmi.CallAsync(wds, WdsMessages.StartNetwork("wrong", WdsMessages.Authentication.Chap, "u", "p", WdsMessages.IpFamily.IPv4), Bound));
        Assert.Equal(QmiError.CallFailed, e.Error);
        var end = WdsMessages.ReadStart(e.Answer).End;
        Assert.Equal(cause == 27, end.IsApnRejected);
        Assert.Equal(cause == 29, end.IsAuthFailed);
    }

    [Fact]
    public async Task A_network_drop_is_indicated_and_a_muted_device_answers_nothing_until_reset()
    {
        await using var modem = await Start();
        await using var qmi = Open(modem);
        var wds = await qmi.AllocateClientAsync(QmiService.Wds, Bound);
        var down = new TaskCompletionSource<WdsMessages.PacketStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        qmi.Indication += m =>
        {
            if (m.Service == QmiService.Wds && WdsMessages.ReadStatusIndication(new QmiTlvReader(m)) is { Status: WdsMessages.ConnectionStatus.Disconnected } s) down.TrySetResult(s);
        };
        await qmi.CallAsync(wds, WdsMessages.StartNetwork(null, null, null, null, WdsMessages.IpFamily.IPv4), Bound);
        modem.DropNetwork(38);
        Assert.Equal((short)38, (await down.Task.WaitAsync(Bound)).End.VerboseReason);

        modem.QmiMuted = true;
        await Assert.ThrowsAsync<QmiTimeoutException>(() => qmi.CallAsync(wds, WdsMessages.GetPacketServiceStatus(), TimeSpan.FromMilliseconds(300)));
        await modem.ResetAsync(TimeSpan.FromMilliseconds(100), renumber: false);
        Assert.False(modem.QmiMuted);
        Assert.Empty(modem.QmiClients);
    }
}
