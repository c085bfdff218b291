using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>The session end to end over the simulator's ptys: every NCM profile to "connected", with the simulator's ^DHCP values.</summary>
public class NcmSessionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("e3372h-153")]
    [InlineData("e3372h-320")]
    [InlineData("e3372h-153-155e")]
    [InlineData("me909u-521")]
    [InlineData("storage-1f01")]
    public async Task ProfileConnectsWithTheModemsAddresses(string profile)
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Profile = profile });
        var up = await run.Reporter.WaitUpAsync(1, Bound);
        var plan = run.Sim.Addresses;
        Assert.Equal(run.Sim.NetDev, up.Ifname);
        Assert.NotNull(up.Ipv4);
        Assert.Equal(plan.Client.ToString(), up.Ipv4!.Address);
        Assert.Equal(plan.PrefixLength, up.Ipv4.PrefixLength);
        Assert.Equal(plan.Gateway.ToString(), up.Ipv4.Gateway);
        Assert.Equal(new[] { plan.Dns1, plan.Dns2 }.Where(d => !d.Equals(System.Net.IPAddress.Any)).Select(d => d.ToString()), up.Ipv4.Dns);
        Assert.False(up.Dhcp);
        Assert.Equal("connected", run.Reporter.LastStatus!.State);
        Assert.Equal(run.Sim.Imei, up.Status.Imei);
        Assert.Null(await run.StopAsync());
        Assert.Contains(run.Sim.CommandLog, c => c.StartsWith("AT^NDISDUP=1,0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DualStackReportsBothFamilies()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { Profile = "e3372h-320" }, new InterfaceOptions { Apn = "internet", PdpType = "IPV4V6" });
        var up = await run.Reporter.WaitUpAsync(1, Bound);
        Assert.NotNull(up.Ipv4);
        Assert.NotNull(up.Ipv6);
        Assert.Equal(run.Sim.Addresses.Ipv6Client, up.Ipv6!.Address);
        Assert.Contains(run.Sim.CommandLog, c => c == "AT+CGDCONT=1,\"IPV4V6\",\"internet\"");
    }

    [Fact]
    public async Task DhcpOptionLeavesAddressingToTheNetdev()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions(), new InterfaceOptions { Apn = "internet", Dhcp = true });
        var up = await run.Reporter.WaitUpAsync(1, Bound);
        Assert.True(up.Dhcp);
        Assert.Null(up.Ipv4);
        Assert.DoesNotContain(run.Sim.CommandLog, c => c.StartsWith("AT^DHCP?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CredentialsGoIntoNdisdupWithTheHuaweiAuthCode()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions(),
            new InterfaceOptions { Apn = "corp.apn", Auth = "chap", Username = "user", Password = "secret" });
        await run.Reporter.WaitUpAsync(1, Bound);
        Assert.Contains(run.Sim.CommandLog, c => c == "AT^NDISDUP=1,1,\"corp.apn\",\"user\",\"secret\",2");
        Assert.DoesNotContain(run.Log, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaleCallIsHungUpBeforeDialling()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions { StaleSession = true });
        await run.Reporter.WaitUpAsync(1, Bound);
        var log = run.Sim.CommandLog.ToList();
        var hangup = log.FindIndex(c => c.StartsWith("AT^NDISDUP=1,0", StringComparison.Ordinal));
        var dial = log.FindLastIndex(c => c.StartsWith("AT^NDISDUP=1,1", StringComparison.Ordinal));
        Assert.InRange(hangup, 0, dial - 1);
    }

    [Fact]
    public async Task ModeIsWrittenOnlyWhenDifferent()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions(), new InterfaceOptions { Apn = "internet", Mode = "lte" });
        await run.Reporter.WaitUpAsync(1, Bound);
        Assert.Null(await run.StopAsync());
        Assert.Single(run.Sim.CommandLog, c => c.StartsWith("AT^SYSCFGEX=\"03\"", StringComparison.Ordinal));

        await using var again = SessionRun.Again(run.Sim, new InterfaceOptions { Apn = "internet", Mode = "lte" });
        await again.Reporter.WaitUpAsync(1, Bound);
        Assert.Single(run.Sim.CommandLog, c => c.StartsWith("AT^SYSCFGEX=", StringComparison.Ordinal)); // no NV write the second time
    }

    [Theory]
    [InlineData("e3372h-153")]
    [InlineData("e3372h-320")]
    public async Task DeviceGivenByImeiIsFoundByAskingTheModem(string profile)
    {
        var imei = SimulatedModem.ImeiFromSeed(7);
        await using var run = await SessionRun.StartAsync(new SimOptions { Profile = profile, Seed = 7 }, new InterfaceOptions { Apn = "internet", Device = "imei:" + imei });
        var up = await run.Reporter.WaitUpAsync(1, Bound);
        Assert.Equal(run.Sim.NetDev, up.Ifname);
        Assert.Equal(imei, up.Status.Imei);
    }

    [Fact]
    public async Task LowPowerTurnsTheRadioOffOnStop()
    {
        await using var run = await SessionRun.StartAsync(new SimOptions(), new InterfaceOptions { Apn = "internet", LowPower = true });
        await run.Reporter.WaitUpAsync(1, Bound);
        Assert.Null(await run.StopAsync());
        var log = run.Sim.CommandLog.ToList();
        Assert.True(log.FindLastIndex(c => c == "AT+CFUN=0") > log.FindLastIndex(c => c.StartsWith("AT^NDISDUP=1,0", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SlowGarbledModemStillConnects()
    {
        var faults = new SimFaults
        {
            SplitReads = true, InterleaveUrcs = true, GlueUrcToOk = true, Garbage = true,
            SlowAnswers = TimeSpan.FromMilliseconds(150), MuteAfterStart = TimeSpan.FromSeconds(1),
        };
        await using var run = await SessionRun.StartAsync(new SimOptions { Faults = faults, Seed = 5 });
        var up = await run.Reporter.WaitUpAsync(1, TimeSpan.FromSeconds(45));
        Assert.Equal(run.Sim.Addresses.Client.ToString(), up.Ipv4!.Address);
    }
}
