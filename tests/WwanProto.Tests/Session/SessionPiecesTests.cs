using WwanProto.Core.Links;
using WwanProto.Core.Modem;
using WwanProto.Core.Session;
using Xunit;

namespace WwanProto.Tests.Session;

public class SessionPiecesTests
{
    [Fact]
    public void BackoffGrowsWithJitterWithinBounds()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(7));
        var previousCeiling = 0.0;
        for (var i = 0; i < 12; i++)
        {
            var wait = backoff.Next().TotalSeconds;
            var ceiling = Math.Min(60, Math.Pow(2, i));
            Assert.InRange(wait, ceiling / 2, ceiling);
            Assert.True(ceiling >= previousCeiling);
            previousCeiling = ceiling;
        }
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1.0);
    }

    [Fact]
    public void TransitionsFollowTheTable()
    {
        Assert.True(SessionTransitions.IsAllowed(SessionState.Starting, SessionState.OpeningModem));
        Assert.True(SessionTransitions.IsAllowed(SessionState.Registering, SessionState.Connecting));
        Assert.True(SessionTransitions.IsAllowed(SessionState.Connected, SessionState.BackingOff));
        Assert.True(SessionTransitions.IsAllowed(SessionState.BackingOff, SessionState.Initializing));
        Assert.True(SessionTransitions.IsAllowed(SessionState.Registering, SessionState.HangingUp));
        Assert.False(SessionTransitions.IsAllowed(SessionState.UnlockingSim, SessionState.Connected));
        Assert.False(SessionTransitions.IsAllowed(SessionState.Stopped, SessionState.OpeningModem));
        Assert.False(SessionTransitions.IsAllowed(SessionState.HangingUp, SessionState.BackingOff));
    }

    [Theory] // openwrt-handlers.md §2.2 (ncm.json Huawei modes), huawei-modems.md §2.6
    [InlineData("auto", "00")]
    [InlineData("gsm", "01")]
    [InlineData("umts", "02")]
    [InlineData("lte", "03")]
    [InlineData("preferumts", "0201")]
    [InlineData("preferlte", "030201")]
    public void ModeMapsToAcqOrder(string mode, string acq) => Assert.Equal(acq, RadioMode.AcqOrder(mode));

    [Fact] // huawei-modems.md §6.4 / §2.8 (ModemManager test vectors)
    public void DhcpAnswersDecodeLittleEndian()
    {
        var a = NdisCall.ParseDhcp("^DHCP:a3ec5c64,f8ffffff,a1ec5c64,a1ec5c64,2200b10a,74bba80a,236800,236800", null)!;
        Assert.Equal("100.92.236.163", a.Address);
        Assert.Equal(29, a.PrefixLength);
        Assert.Equal("100.92.236.161", a.Gateway);
        Assert.Equal(["10.177.0.34", "10.168.187.116"], a.Dns);
        var b = NdisCall.ParseDhcp("^DHCP: 1010A0A,FCFFFFFF,2010A0A,2010A0A,0,0,150000000,150000000", 1400)!;
        Assert.Equal(("10.10.1.1", 30, "10.10.1.2", 1400), (b.Address, b.PrefixLength, b.Gateway, b.Mtu));
        Assert.Empty(b.Dns);
    }

    [Fact] // huawei-modems.md §2.8
    public void NdisStatusVariants()
    {
        var dual = NdisCall.Parse("^NDISSTATQRY: 1,,,\"IPV4\",0,,,\"IPV6\"");
        Assert.Equal([new NdisStatus(true, null, "IPV4"), new NdisStatus(false, null, "IPV6")], dual);
        Assert.Equal([new NdisStatus(false, 33, "IPV4")], NdisCall.Parse("^NDISSTAT:0,33,,\"IPV4\""));
        Assert.Equal([new NdisStatus(true, null, "IPV4")], NdisCall.Parse("^NDISSTATQry:1"));
        Assert.Equal([new NdisStatus(true, null, "IPV4")], NdisCall.Parse("^NDISSTAT: 1,,,IPV4"));
    }

    [Fact] // huawei-modems.md §2.8: short form without credentials; auth names → codes
    public void DialCommandForms()
    {
        Assert.Equal("AT^NDISDUP=1,1", NdisCall.DialCommand(1, null, "none", null, null));
        Assert.Equal("AT^NDISDUP=2,1,\"internet\"", NdisCall.DialCommand(2, "internet", "none", "u", "p"));
        Assert.Equal("AT^NDISDUP=1,1,\"apn\",\"user\",\"pass\",2", NdisCall.DialCommand(1, "apn", "chap", "user", "pass"));
        Assert.Equal("AT^NDISDUP=1,1,\"apn\",\"user\",\"pass\",3", NdisCall.DialCommand(1, "apn", "both", "user", "pass"));
        Assert.Equal(1, NdisCall.AuthCode("pap"));
    }

    [Theory]
    [InlineData("pa\"ss")]
    [InlineData("pa\rss")]
    [InlineData("pa\nss")]
    [InlineData("pa;ss")]
    [InlineData("pa\0ss")]
    public void DialCommandRefusesBreakoutWithoutShowingTheSecret(string password)
    {
        var e = Assert.Throws<SessionException>(() => NdisCall.DialCommand(1, "apn", "pap", "user", password));
        Assert.Equal(ErrorCodes.ConfigInvalid, e.Error.Code);
        Assert.True(e.Error.Fatal);
        Assert.DoesNotContain("pa", e.Error.Message.Replace("password", ""));
    }

    [Fact]
    public void CpinrRetries() => Assert.Equal(2, SimCard.CpinrRetries("+CPINR: SIM PIN,2,3"));
}
