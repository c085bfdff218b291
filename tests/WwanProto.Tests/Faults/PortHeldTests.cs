using System.Diagnostics;
using WwanProto.Core.Session;
using WwanProto.ModemSim;
using WwanProto.Tests.Session;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>
/// Fault matrix (README): the modem's ports held by another program, by a UUCP lock (pppd, minicom, ModemManager)
/// or by flock. The session never writes to a held port, retries, and connects once it is let go.
/// </summary>
public sealed class PortHeldTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    /// <summary>Another program: a process that only sleeps, run through <paramref name="argv"/> (e.g. under flock(1)).</summary>
    private static Process Holder(params string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <param name="holderNamed">What the error must say about who holds each port (e.g. "in use by process 812").</param>
    private static async Task HeldThenReleasedAsync(SessionRun run, Process holder, IEnumerable<string> heldPorts, string holderNamed, Action release)
    {
        // Every port held: the probe finds no port it may use. Retried, never fatal, and the error names the cause:
        // PORT_BUSY with every held port and who holds it, not "silent" ports.
        await run.Reporter.WaitForAsync(r => r.Errors.Count > 0, Bound, "an error while the ports are held");
        Assert.All(run.Reporter.Errors, e => Assert.False(e.Fatal));
        Assert.All(run.Reporter.Errors, e => Assert.Equal(ErrorCodes.PortBusy, e.Code));
        var message = run.Reporter.Errors[0].Message;
        Assert.Contains("held by another program", message, StringComparison.Ordinal);
        Assert.DoesNotContain("silent", message, StringComparison.Ordinal);
        foreach (var port in heldPorts) Assert.Contains($"{run.Sim.Paths.Dev(port)} is in use {holderNamed}", message, StringComparison.Ordinal);
        Assert.Empty(run.Reporter.Ups);
        foreach (var port in heldPorts) Assert.True(run.Sim.BytesReceivedOn(port) == 0, $"{run.Sim.BytesReceivedOn(port)} bytes written to {port} under another program's lock:\n{run}");
        // The holder of the control port (ttyUSB0, the PCUI) goes first: let go of the modem port first and a retry in
        // between may take ttyUSB1 for control, a different test (seen under load: the NDIS call then never came up).
        holder.Kill(entireProcessTree: true); // flock(1)'s sleep holds the lock too
        await holder.WaitForExitAsync();
        release();
        try
        {
            await run.Reporter.WaitUpAsync(1, Bound);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nsession log:\n{run}\nmodem commands:\n{string.Join("\n", run.Sim.CommandLog)}", e);
        }
        SimAttempts.AssertNoneUsed(run.Sim);
    }

    [Fact]
    public async Task Ports_under_a_live_uucp_lock_are_not_touched_and_the_session_connects_once_released()
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Card = SimAttempts.Locked });
        using var holder = Holder("sleep", "600");
        var locks = sim.Ports.Keys.Select(name => Path.Combine(sim.Paths.LockDir, "LCK.." + name)).ToList();
        foreach (var file in locks) File.WriteAllText(file, $"{holder.Id,10}\n");
        await using var run = SessionRun.Again(sim, new() { Apn = "internet", PinCode = SimAttempts.Pin });
        try
        {
            await HeldThenReleasedAsync(run, holder, sim.Ports.Keys, $"by process {holder.Id} (lock file", () => locks.ForEach(File.Delete));
        }
        finally
        {
            if (!holder.HasExited) holder.Kill();
        }
    }

    [Fact]
    public async Task Ports_under_another_programs_flock_are_not_used_and_the_session_connects_once_released()
    {
        await using var sim = await SimulatedModem.StartAsync(new SimOptions { Card = SimAttempts.Locked });
        // Each holder says "held" once flock(1) has the lock: the session must not start before every port is held
        // (it did, under no load at all: a port still free made the error name only the others).
        var holders = sim.Ports.Keys.Select(name => Holder("flock", "--exclusive", sim.Paths.Dev(name), "sh", "-c", "echo held; exec sleep 600")).ToList();
        try
        {
            foreach (var h in holders)
                Assert.Equal("held", await h.StandardOutput.ReadLineAsync().WaitAsync(Bound));
            await using var run = SessionRun.Again(sim, new() { Apn = "internet", PinCode = SimAttempts.Pin });
            await HeldThenReleasedAsync(run, holders[0], sim.Ports.Keys, "(another process holds an exclusive lock on it)", () => holders.Skip(1).ToList().ForEach(h => h.Kill(entireProcessTree: true)));
        }
        finally
        {
            foreach (var h in holders)
            {
                if (!h.HasExited) h.Kill(entireProcessTree: true);
                h.Dispose();
            }
        }
    }
}
