using WwanProto.Core.Qmi;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Qmi;

/// <summary>`plmn` over QMI: NAS Initiate Network Register (manual) against the e392 simulator, which offers one network (26201).</summary>
public sealed class QmiPlmnTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task<(SimulatedModem Modem, QmiModemControl Control)> StartAsync()
    {
        var modem = await SimulatedModem.StartAsync(new SimOptions
        {
            Profile = "e392", RegistrationDelay = TimeSpan.FromMilliseconds(50), NdisConnectDelay = TimeSpan.FromMilliseconds(50),
        });
        var qmi = await QmiModem.OpenAsync(modem.Paths.Dev("cdc-wdm0"), new QmiStateFile(modem.Paths, modem.UsbPath), Bound, _ => { }, CancellationToken.None);
        return (modem, new QmiModemControl(qmi, Path.Combine(modem.Paths.SysRoot, "class", "net", "wwan0", "qmi", "raw_ip")));
    }

    [Fact]
    public async Task The_offered_network_is_selected_manually()
    {
        var (modem, control) = await StartAsync();
        await using var _ = modem;
        await using var __ = control;
        await control.SelectPlmnAsync("26201", Bound, CancellationToken.None);
        Assert.Contains("NAS Initiate Network Register (cid 1)", modem.QmiLog);
        var reading = await control.QueryRegistrationAsync(Core.Modem.Parsers.RegistrationDomain.Gprs, Bound, CancellationToken.None);
        var deadline = DateTime.UtcNow + Bound;
        while (reading.Stat is not 1)
        {
            Assert.True(DateTime.UtcNow < deadline, reading.Said ?? "");
            await Task.Delay(50);
            reading = await control.QueryRegistrationAsync(Core.Modem.Parsers.RegistrationDomain.Gprs, Bound, CancellationToken.None);
        }
        Assert.Contains("PLMN 26201", reading.Said ?? "", StringComparison.Ordinal);
        // Asked again while on it: NoEffect from the modem, no error.
        await control.SelectPlmnAsync("26201", Bound, CancellationToken.None);
    }

    [Fact]
    public async Task A_refused_network_is_plmn_failed_naming_the_plmn_and_the_qmi_error()
    {
        var (modem, control) = await StartAsync();
        await using var _ = modem;
        await using var __ = control;
        var e = await Assert.ThrowsAsync<SessionException>(() => control.SelectPlmnAsync("310410", Bound, CancellationToken.None));
        Assert.Equal(ErrorCodes.PlmnFailed, e.Error.Code);
        Assert.Contains("310410", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("MNC 410", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("NoNetworkFound (QMI error 13)", e.Error.Message, StringComparison.Ordinal);
    }
}
