using WwanProto.Core.HiLink;
using WwanProto.ModemSim;
using WwanProto.ModemSim.HiLink;
using WwanProto.Tests.Sim;
using Xunit;

namespace WwanProto.Tests.HiLink;

/// <summary>The web API client against the simulated stick's firmware, over real sockets in a test namespace.</summary>
public sealed class HiLinkApiTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Posts_use_each_token_once_and_take_the_next_from_the_answer()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        await api.SetDataSwitchAsync(false, None);
        await api.SetDataSwitchAsync(true, None);
        await api.SetDataSwitchAsync(false, None);
        Assert.False(await api.DataSwitchAsync(None));
        Assert.Equal(0, api.Client.SessionRenewals);
        // One SesTokInfo at the start; every later POST ran on the token the previous answer brought.
        Assert.Single(rig.Sim.HiLink.Log, l => l.StartsWith("GET /api/webserver/SesTokInfo", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Sim.HiLink.Log, l => l.Contains("error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_session_is_renewed_and_the_request_repeated_once()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        Assert.NotNull((await api.StatusAsync(None)).ConnectionStatus);
        rig.Sim.HiLink.ExpireSessions();
        await api.SetDataSwitchAsync(true, None);
        Assert.Equal(1, api.Client.SessionRenewals);
        Assert.Single(rig.Sim.HiLink.Log, l => l.EndsWith("error 125002", StringComparison.Ordinal));
        Assert.Contains(rig.Log, l => l.Contains("125002 (wrong or expired session)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_token_answers_125003_and_is_cured_by_a_fresh_one()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        await api.SetDataSwitchAsync(true, None);
        rig.Sim.HiLink.ExpireTokens();
        await api.SetDataSwitchAsync(false, None);
        Assert.Equal(1, api.Client.SessionRenewals);
        Assert.Single(rig.Sim.HiLink.Log, l => l.EndsWith("error 125003", StringComparison.Ordinal));
        Assert.False(rig.Sim.HiLink.DataSwitch);
    }

    [Fact]
    public async Task Two_clients_keep_their_own_sessions()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        await api.SetDataSwitchAsync(true, None);
        // Another client on the same stick: its own session; ours stays valid, so no renewal is needed.
        var other = rig.Api();
        await other.SetDataSwitchAsync(true, None);
        await api.SetDataSwitchAsync(true, None);
        Assert.Equal(0, api.Client.SessionRenewals);
    }

    [Fact]
    public async Task A_locked_webui_needs_the_login_and_takes_password_type_4()
    {
        await using var rig = await HiLinkRig.StartAsync(new HiLinkWebOptions { LoginRequired = true, Username = "admin", Password = "s3cr&t<" });
        var anonymous = rig.Api();
        var refused = await Assert.ThrowsAsync<HiLinkException>(() => anonymous.DeviceInformationAsync(None));
        Assert.Equal(HiLinkErrors.NoRights, refused.Code);
        Assert.Contains("100003 (not allowed: login needed)", refused.Message, StringComparison.Ordinal);

        var api = rig.Api(new HiLinkCredentials("admin", "s3cr&t<"));
        var info = await api.DeviceInformationAsync(None);
        Assert.Equal(rig.Sim.Imei, info.Imei);
        // After the login the firmware hands out a token pair; two POSTs in a row run on them.
        await api.SetDataSwitchAsync(false, None);
        await api.SetDataSwitchAsync(true, None);
        Assert.Equal(0, api.Client.SessionRenewals);
        Assert.Equal(0, rig.Sim.HiLink.LoginFailures);
    }

    [Fact]
    public async Task A_wrong_webui_password_is_named_without_the_password()
    {
        await using var rig = await HiLinkRig.StartAsync(new HiLinkWebOptions { LoginRequired = true, Password = "right" });
        var api = rig.Api(new HiLinkCredentials("admin", "wrong-one"));
        var e = await Assert.ThrowsAsync<HiLinkException>(() => api.StatusAsync(None));
        Assert.Equal(HiLinkErrors.WrongUsernameOrPassword, e.Code);
        Assert.Contains("refused the login as \"admin\": 108006 (wrong username or password)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-one", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, rig.Sim.HiLink.LoginFailures);
    }

    [Fact]
    public async Task Pin_status_and_unlock()
    {
        await using var rig = await HiLinkRig.StartAsync(card: new SimCardOptions { State = "pin", Pin = "4711" });
        var api = rig.Api();
        var status = await api.PinStatusAsync(None);
        Assert.Equal(HiLinkPinStatus.PinRequired, status.SimState);
        Assert.Equal(3, status.SimPinTimes);
        Assert.Equal(10, status.SimPukTimes);
        await api.VerifyPinAsync("4711", None);
        Assert.True((await api.PinStatusAsync(None)).IsReady);
    }

    [Fact]
    public async Task A_wrong_pin_costs_one_try_and_is_not_sent_again()
    {
        await using var rig = await HiLinkRig.StartAsync(card: new SimCardOptions { State = "pin", Pin = "4711" });
        var api = rig.Api();
        var e = await Assert.ThrowsAsync<HiLinkException>(() => api.VerifyPinAsync("0000", None));
        Assert.Equal(HiLinkErrors.PinValidateFailed, e.Code);
        Assert.Contains("POST /api/pin/operate answered error 103002 (PIN verification failed)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0000", e.Message, StringComparison.Ordinal);
        Assert.Single(rig.Sim.HiLink.Log, l => l.StartsWith("POST /api/pin/operate", StringComparison.Ordinal));
        var status = await api.PinStatusAsync(None);
        Assert.Equal(2, status.SimPinTimes);
        Assert.Equal(HiLinkPinStatus.PinRequired, status.SimState);
    }

    [Fact]
    public async Task The_data_switch_decides_whether_the_stick_reaches_the_internet()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        await WaitStatusAsync(api, HiLinkMonitoringStatus.Connected);
        Assert.True(rig.InternetReachable());

        await api.SetDataSwitchAsync(false, None);
        Assert.Equal(HiLinkMonitoringStatus.Disconnected, (await api.StatusAsync(None)).ConnectionStatus);
        Assert.False(rig.InternetReachable());

        await api.SetDataSwitchAsync(true, None);
        await WaitStatusAsync(api, HiLinkMonitoringStatus.Connected);
        Assert.True(rig.InternetReachable());
    }

    [Fact]
    public async Task Status_operator_signal_and_identity()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        var status = await WaitStatusAsync(api, HiLinkMonitoringStatus.Connected);
        Assert.Equal("LTE", HiLinkApi.RatName(status.CurrentNetworkType));
        Assert.Equal(1, status.SimStatus);
        var plmn = await api.CurrentPlmnAsync(None);
        Assert.Equal("26201", plmn.Numeric);
        Assert.Equal("SimNet", plmn.ShortName);
        var signal = await api.SignalAsync(None);
        Assert.Equal("-97dBm", signal.Rsrp);
        Assert.Equal("10dB", signal.Sinr);
        var info = await api.DeviceInformationAsync(None);
        Assert.Equal(rig.Sim.Imei, info.Imei);
        Assert.Equal("89490200001234567890", info.Iccid);
        Assert.Equal("22.329.63.00.74", info.SoftwareVersion);
    }

    [Fact]
    public async Task The_apn_goes_into_a_dial_up_profile_of_our_own()
    {
        await using var rig = await HiLinkRig.StartAsync(new HiLinkWebOptions { ExpectedApn = "web.sim" });
        var api = rig.Api();
        Assert.Contains("added profile 2", await api.EnsureApnAsync("web.sim", null, null, 0, None), StringComparison.Ordinal);
        Assert.Equal("web.sim", rig.Sim.HiLink.CurrentApn);
        Assert.Contains("already has APN", await api.EnsureApnAsync("web.sim", null, null, 0, None), StringComparison.Ordinal);
        Assert.Contains("set APN other.apn in profile 2", await api.EnsureApnAsync("other.apn", null, null, 0, None), StringComparison.Ordinal);
        Assert.Contains("made profile 1", await api.EnsureApnAsync("internet.telekom", null, null, 0, None), StringComparison.Ordinal);
        await api.EnsureApnAsync("web.sim", null, null, 0, None);
        await WaitStatusAsync(api, HiLinkMonitoringStatus.Connected);
    }

    [Fact]
    public async Task A_reboot_brings_the_stick_back_in_storage_mode_and_a_switch_makes_it_a_hilink_again()
    {
        await using var rig = await HiLinkRig.StartAsync();
        var api = rig.Api();
        await api.RebootAsync(None);
        await SimTestKit.WaitForPid(rig.Sim, 0x1f01, 0);
        await Assert.ThrowsAsync<HiLinkException>(() => api.StatusAsync(None));
        Assert.True(rig.Sim.AcceptSwitchMessage(Convert.FromHexString("55534243123456780000000000000011062000000101000100000000000000")));
        await SimTestKit.WaitForPid(rig.Sim, 0x14dc, 0);
        // A new boot: the old session is gone; the client starts a new one by itself.
        await WaitStatusAsync(api, HiLinkMonitoringStatus.Connected);
    }

    private static async Task<HiLinkMonitoringStatus> WaitStatusAsync(HiLinkApi api, int connection)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                var status = await api.StatusAsync(None);
                if (status.ConnectionStatus == connection) return status;
                if (DateTime.UtcNow > deadline) Assert.Fail($"ConnectionStatus stayed {status.ConnectionStatus}, not {connection}");
            }
            catch (HiLinkException) when (DateTime.UtcNow < deadline) { }
            await Task.Delay(50);
        }
    }
}
