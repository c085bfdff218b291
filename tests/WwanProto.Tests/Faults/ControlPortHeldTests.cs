using System.Diagnostics;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.Tests.Session;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): only the control (PCUI) port of an NCM stick is held by another program, its modem port is
/// free and answers AT. The stick reports the data call (^NDISSTAT) only on the port that dialled it and ignores
/// ^NDISDUP on its modem port (huawei-modems.md §1.8; the simulator does the same), so a session that took the modem
/// port for control dialled into nothing and hung until its connect bound, without an error. It must fail at once
/// with PORT_BUSY naming the held port, dial nothing, and connect once the port is let go.
/// </summary>
public sealed class ControlPortHeldTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    /// <summary>Another program holding <paramref name="port"/> with flock(1); it says "held" once it has the lock.</summary>
    private static async Task<Process> HoldAsync(SimulatedModem sim, string port)
    {
        var start = new ProcessStartInfo("flock") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--exclusive", sim.Paths.Dev(port), "sh", "-c", "echo held; exec sleep 600" }) start.ArgumentList.Add(a);
        var holder = Process.Start(start)!;
        Assert.Equal("held", await holder.StandardOutput.ReadLineAsync().WaitAsync(Bound));
        return holder;
    }

    /// <param name="control">The PCUI port the test holds.</param>
    /// <param name="modem">The free modem port that answers AT but cannot carry the NCM call.</param>
    [Theory]
    [InlineData("me909u-521", "ttyUSB1", "ttyUSB0")]      // roles from the interface strings
    [InlineData("e3372h-153-155e", "ttyUSB2", "ttyUSB0")] // ff/ff/ff: roles from ^GETPORTMODE asked on the modem port
    public async Task An_ncm_stick_whose_control_port_is_held_fails_with_port_busy_naming_it_and_dials_nothing(string profile, string control, string modem)
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Profile = profile, Card = SimAttempts.Locked });
        using var holder = await HoldAsync(sim, control);
        try
        {
            await using var run = SessionRun.Again(sim, new() { Apn = "internet", PinCode = SimAttempts.Pin });
            await run.Reporter.WaitForAsync(r => r.Errors.Count > 0, Bound, "an error while the control port is held");
            var error = run.Reporter.Errors[0];
            Assert.Equal(ErrorCodes.PortBusy, error.Code);
            Assert.False(error.Fatal);
            Assert.Contains($"{sim.Paths.Dev(control)} is in use (another process holds an exclusive lock on it)", error.Message, StringComparison.Ordinal);
            Assert.Contains(sim.Paths.Dev(modem), error.Message, StringComparison.Ordinal);
            Assert.Empty(run.Reporter.Ups);
            Assert.Equal(0, sim.BytesReceivedOn(control));
            Assert.DoesNotContain(sim.PortCommandLog, c => c.Line.StartsWith("AT^NDISDUP", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(sim.PortCommandLog, c => c.Line.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase));

            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
            await run.Reporter.WaitUpAsync(1, Bound);
            Assert.All(sim.PortCommandLog.Where(c => c.Line.StartsWith("AT^NDISDUP", StringComparison.OrdinalIgnoreCase)), c => Assert.Equal(control, c.Port));
            SimAttempts.AssertNoneUsed(sim);
        }
        finally
        {
            if (!holder.HasExited) holder.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The E3372h-153 has a second AT port, its cdc-wdm: with the PCUI held, that free port carries the call.</summary>
    [Fact]
    public async Task A_stick_with_a_free_cdc_wdm_at_port_uses_it_when_the_pcui_is_held()
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Card = SimAttempts.Locked });
        using var holder = await HoldAsync(sim, "ttyUSB0");
        try
        {
            await using var run = SessionRun.Again(sim, new() { Apn = "internet", PinCode = SimAttempts.Pin });
            await run.Reporter.WaitUpAsync(1, Bound);
            Assert.Empty(run.Reporter.Errors);
            Assert.Equal(0, sim.BytesReceivedOn("ttyUSB0"));
            var dials = sim.PortCommandLog.Where(c => c.Line.StartsWith("AT^NDISDUP=1,1", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.NotEmpty(dials);
            Assert.All(dials, c => Assert.StartsWith("cdc-wdm", c.Port, StringComparison.Ordinal));
            SimAttempts.AssertNoneUsed(sim);
        }
        finally
        {
            if (!holder.HasExited) holder.Kill(entireProcessTree: true);
        }
    }
}
