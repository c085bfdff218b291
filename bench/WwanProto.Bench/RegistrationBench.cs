using System.Diagnostics;
using WwanProto.Core.Config;
using WwanProto.Core.Links;
using WwanProto.Core.Session;
using WwanProto.Core.Usb.Switching;
using WwanProto.ModemSim;

namespace WwanProto.Bench;

/// <summary>
/// `regloss`: the registration watch in a connected session (in process, simulator over ptys). A modem that
/// keeps the NDIS call up while unregistered: deregistration → link down (the grace period plus what the
/// watch adds), re-registration → link up again, and how many registration queries supervision sends.
/// </summary>
public static class RegistrationBench
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        const int runs = 5;
        var tuning = new SessionTuning
        {
            PollInterval = TimeSpan.FromMilliseconds(100), SupervisionInterval = Interval, RegistrationGrace = Grace,
            BackoffMin = TimeSpan.FromMilliseconds(100), BackoffMax = TimeSpan.FromSeconds(1), MinBootWait = TimeSpan.FromSeconds(5),
        };
        Console.Out.WriteLine($"e3372h-153, call kept up while unregistered; grace {Grace.TotalSeconds:0} s, supervision interval {Interval.TotalSeconds:0} s; {runs} runs");
        var detect = new List<double>();
        var back = new List<double>();
        var queries = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var sim = await SimulatedModem.StartAsync(new SimOptions { Seed = 40 + i });
            var reporter = new Reporter();
            var options = new InterfaceOptions { Apn = "internet" };
            var connector = UsbModemConnector.ForHost(options.Device, options.UsbMode, sim.Paths, SwitchRules.OwnOnly, _ => { });
            var session = new ModemSession(options, sim.Paths, reporter, connector, new DataLinks(), tuning);
            using var stop = new CancellationTokenSource();
            var run = Task.Run(() => session.RunAsync(stop.Token));
            await reporter.Up(1).WaitAsync(TimeSpan.FromSeconds(30));

            // Idle and connected: registration queries per supervision interval (after the watch's first look at every kind).
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var before = sim.CommandLog.Count;
            var window = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(5));
            var asked = sim.CommandLog.Skip(before).Count(c => c is "AT+CEREG?" or "AT+CGREG?" or "AT+CREG?");
            queries.Add(asked / (window.Elapsed / Interval));

            var sw = Stopwatch.StartNew();
            sim.Deregister(2, dropCall: false);
            await reporter.Down.WaitAsync(TimeSpan.FromSeconds(30));
            detect.Add((sw.Elapsed - Grace).TotalMilliseconds);
            sw.Restart();
            sim.Reregister();
            await reporter.Up(2).WaitAsync(TimeSpan.FromSeconds(30));
            back.Add(sw.Elapsed.TotalMilliseconds);

            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        Console.Out.WriteLine($"{"measure",-52} {"median",9} {"max",9}");
        Row("deregistered -> link down, minus the grace (ms)", detect);
        Row("re-registered -> link up again (ms)", back);
        Row("+CxREG? queries per supervision interval, connected", queries);
        return 0;
    }

    private static void Row(string name, List<double> values)
    {
        values.Sort();
        Console.Out.WriteLine($"{name,-52} {values[values.Count / 2],9:0.00} {values[^1],9:0.00}");
    }

    private sealed class Reporter : ILinkReporter
    {
        private readonly object _gate = new();
        private readonly List<TaskCompletionSource> _ups = [];
        private readonly TaskCompletionSource _down = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _upCount;

        public Task Down => _down.Task;

        public Task Up(int n)
        {
            lock (_gate)
            {
                while (_ups.Count < n) _ups.Add(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                if (_upCount >= n) _ups[n - 1].TrySetResult();
                return _ups[n - 1].Task;
            }
        }

        public Task LinkUpAsync(LinkUp link, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _upCount++;
                while (_ups.Count < _upCount) _ups.Add(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                _ups[_upCount - 1].TrySetResult();
            }
            return Task.CompletedTask;
        }

        public Task LinkDownAsync(string reason, CancellationToken cancellationToken)
        {
            _down.TrySetResult();
            return Task.CompletedTask;
        }

        public Task ErrorAsync(SessionError error, CancellationToken cancellationToken) => Task.CompletedTask;

        public void StatusChanged(ModemStatus status) { }
    }
}
