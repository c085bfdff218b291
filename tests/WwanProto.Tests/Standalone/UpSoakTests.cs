using System.Text;
using WwanProto.Core.Standalone;
using Xunit;

namespace WwanProto.Tests.Standalone;

/// <summary>
/// A short slice of `make bench ARGS=soak`: one `up` process through 20 drop → reconnect cycles keeps its open
/// fds and threads (a leak shows up there long before RSS does). Counted, not timed.
/// </summary>
public sealed class UpSoakTests : IAsyncLifetime
{
    private const int Cycles = 20;
    private StandaloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await StandaloneRig.StartAsync("standalone-soak-");

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Drop_and_reconnect_cycles_leave_fds_and_threads_flat()
    {
        var config = Path.Combine(_rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{_rig.Sim.UsbPath}'\n\toption apn 'internet'\n");
        // A gen0 budget no 20 cycles fill: nothing is finalized behind the test's back, so an fd only a finalizer
        // would close (a child's redirected output left undisposed) stays visible instead of coming and going with GCs.
        _rig.Environment["DOTNET_GCgen0size"] = "0x20000000";
        var log = new StringBuilder();
        using var up = _rig.StartUp(log, "--config", config, "--resolv", Path.Combine(_rig.Dir, "resolv"));
        try
        {
            await _rig.WaitConnectedAsync(up, log);
            await CycleAsync(up, log);
            var (fds, threads, kinds) = Figures(up.Id);
            for (var cycle = 2; cycle <= Cycles; cycle++) await CycleAsync(up, log);
            var (fdsAfter, threadsAfter, kindsAfter) = Figures(up.Id);

            var grown = string.Join(", ", kindsAfter.Where(k => k.Value > kinds.GetValueOrDefault(k.Key)).Select(k => $"+{k.Value - kinds.GetValueOrDefault(k.Key)} {k.Key}"));
            // A little slack for what a moment may hold open; a leak of one per cycle is 19 more.
            Assert.True(fdsAfter <= fds + 2, $"fds of `up`: {fds} after cycle 1, {fdsAfter} after cycle {Cycles} ({grown})");
            // The thread pool's workers come and go with the work (its hill climbing added 4 once in a quiet clean-clone
            // run); a thread left per cycle is 19 more. Threads of any other name are the session's own: those stay.
            var (pool, poolAfter) = (Names(threads, PoolWorker), Names(threadsAfter, PoolWorker));
            var (own, ownAfter) = (threads.Count - pool, threadsAfter.Count - poolAfter);
            var said = $"threads of `up` after cycle 1: {Listed(threads)}; after cycle {Cycles}: {Listed(threadsAfter)}";
            Assert.True(ownAfter <= own + 2, said);
            Assert.True(poolAfter <= pool + 8, said);
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The network drops the call; waits (bounded) until `up` has reconnected and configured the link again.</summary>
    private async Task CycleAsync(System.Diagnostics.Process up, StringBuilder log)
    {
        var before = StatusFile.Read(_rig.StatusPath)!.Modem.Reconnects;
        _rig.Sim.DropNetwork(36);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        // ConnectedSince too: the loss bumps the count a moment before the state leaves "connected".
        while (StatusFile.Read(_rig.StatusPath) is not { Modem.State: "connected", Ipv4: not null, Modem.ConnectedSince: not null } st || st.Modem.Reconnects <= before)
        {
            if (up.HasExited || DateTime.UtcNow > deadline) Assert.Fail($"up did not reconnect after drop (exited: {up.HasExited}):\n{log}");
            await Task.Delay(20);
        }
    }

    /// <summary>Open fds (assemblies the runtime mapped aside), the threads' names, and the fds by kind for the message.</summary>
    private static (int Fds, List<string> Threads, Dictionary<string, int> Kinds) Figures(int pid)
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var fds = Directory.GetFileSystemEntries($"/proc/{pid}/fd");
        var open = 0;
        foreach (var fd in fds)
        {
            var target = new FileInfo(fd).LinkTarget ?? "?";
            // The runtime maps an assembly the first time code needs it: a file of its own, not a leak.
            if (target.EndsWith(".dll", StringComparison.Ordinal)) continue;
            open++;
            var kind = target.StartsWith("pipe:", StringComparison.Ordinal) ? "pipe" : target.StartsWith("socket:", StringComparison.Ordinal) ? "socket" : target;
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }
        var threads = Directory.GetDirectories($"/proc/{pid}/task").Select(t => ThreadName(t)).ToList();
        return (open, threads, kinds);
    }

    private const string PoolWorker = ".NET TP Worker";

    private static string ThreadName(string task)
    {
        try { return File.ReadAllText(Path.Combine(task, "comm")).Trim(); }
        catch (IOException) { return "(gone)"; } // a pool worker retiring between the listing and the read
    }

    private static int Names(List<string> threads, string name) => threads.Count(t => t == name);

    private static string Listed(List<string> threads) =>
        string.Join(", ", threads.GroupBy(t => t).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
}
