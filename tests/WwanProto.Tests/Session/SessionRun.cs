using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Session;
using WwanProto.ModemSim;

namespace WwanProto.Tests.Session;

/// <summary>
/// One session against one simulated modem over real ptys: the production connector (sysfs tree, mode
/// switch, port probe, AtChannel) and the production NCM link, with timings shortened for tests.
/// </summary>
internal sealed class SessionRun : IAsyncDisposable
{
    public static readonly SessionTuning Fast = new()
    {
        CommandTimeout = TimeSpan.FromSeconds(2),
        MinBootWait = TimeSpan.FromSeconds(5),
        PollInterval = TimeSpan.FromMilliseconds(100),
        SupervisionInterval = TimeSpan.FromSeconds(1),
        DhcpWait = TimeSpan.FromSeconds(5),
        StaleCallWait = TimeSpan.FromSeconds(3),
        BackoffMin = TimeSpan.FromMilliseconds(100),
        BackoffMax = TimeSpan.FromSeconds(1),
        HangupBudget = TimeSpan.FromSeconds(4),
    };

    private readonly CancellationTokenSource _stop = new();
    private readonly bool _ownsSim;
    private readonly List<string> _log = [];

    public SimulatedModem Sim { get; }
    public RecordingReporter Reporter { get; } = new();
    public ModemSession Session { get; }
    public Task<SessionError?> Run { get; }
    public IReadOnlyList<string> Log { get { lock (_log) return [.. _log]; } }

    private SessionRun(SimulatedModem sim, bool ownsSim, InterfaceOptions options, SessionTuning tuning)
    {
        Sim = sim;
        _ownsSim = ownsSim;
        void Write(string line) { lock (_log) _log.Add(line); }
        var connector = TestConnector.For(sim, options, Write);
        Session = new ModemSession(options, sim.Paths, Reporter, connector, new DataLinks(), tuning, Write);
        Run = Task.Run(() => Session.RunAsync(_stop.Token));
    }

    public static async Task<SessionRun> StartAsync(SimOptions sim, InterfaceOptions? options = null, SessionTuning? tuning = null)
    {
        var modem = await SimulatedModem.StartAsync(sim).WaitAsync(TimeSpan.FromSeconds(20));
        return new SessionRun(modem, true, options ?? new InterfaceOptions { Apn = "internet" }, tuning ?? Fast);
    }

    /// <summary>A second session on the same simulated modem (the first one has ended).</summary>
    public static SessionRun Again(SimulatedModem sim, InterfaceOptions options, SessionTuning? tuning = null) =>
        new(sim, false, options, tuning ?? Fast);

    /// <summary>The session's own end (fatal error), bounded.</summary>
    public async Task<SessionError?> EndAsync(TimeSpan bound) => await Run.WaitAsync(bound);

    /// <summary>SIGTERM equivalent: returns what RunAsync returned; must be well within netifd's 5 s.</summary>
    public async Task<SessionError?> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stop.CancelAsync();
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception) { }
        if (_ownsSim) await Sim.DisposeAsync();
        _stop.Dispose();
    }

    public override string ToString() => string.Join("\n", Log);
}
