using System.Net.Sockets;
using System.Text;
using WwanProto.Tests.Packaging;
using WwanProto.Tests.Standalone;
using Xunit;

namespace WwanProto.Tests.Systemd;

/// <summary>
/// `huaweiwwan up` as systemd runs it: $NOTIFY_SOCKET naming a real datagram socket that collects what the
/// service tells systemd, and stderr a stream socket named by $JOURNAL_STREAM, as journald's is.
/// </summary>
public sealed class UpUnderSystemdTests
{
    [Fact]
    public async Task Up_notifies_ready_once_connected_with_status_lines_and_stopping_on_down()
    {
        await using var rig = await StandaloneRig.StartAsync("systemd-up-");
        var socketPath = Path.Combine(rig.Dir, "notify");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        var received = new List<string>();
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                int n;
                try { n = await listener.ReceiveAsync(buffer, SocketFlags.None, stop.Token); }
                catch (OperationCanceledException) { return; }
                lock (received) received.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }
        });
        rig.Environment["NOTIFY_SOCKET"] = socketPath;
        var config = Path.Combine(rig.Dir, "network");
        File.WriteAllText(config, $"config interface 'wan'\n\toption proto 'huaweiwwan'\n\toption device '{rig.Sim.UsbPath}'\n\toption apn 'internet'\n");
        var log = new StringBuilder();
        using var up = rig.StartUp(log, "--config", config, "--iface", "wan", "--resolv", Path.Combine(rig.Dir, "resolv"));
        try
        {
            var ready = await WaitForAsync(received, m => m.StartsWith("READY=1\n", StringComparison.Ordinal), up, log);
            Assert.Contains($"STATUS=connected on wwan0, {rig.Sim.Addresses.Client}", ready);
            // Being ready means the link works: the address is on the interface when systemd hears of it.
            Assert.Contains($"inet {rig.Sim.Addresses.Client}/", rig.Ns.Ip("-4", "addr", "show", "dev", "wwan0"));
            lock (received)
            {
                // Progress before the link: the modem's states, each a single STATUS= assignment.
                var before = received.TakeWhile(m => m != ready).ToArray();
                Assert.NotEmpty(before);
                Assert.All(before, m => Assert.Matches("^STATUS=[^\n]+$", m));
            }

            var down = await rig.RunAsync(TimeSpan.FromSeconds(20), "down", "--iface", "wan");
            Assert.True(down.Code == 0, down.Err);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20))) await up.WaitForExitAsync(bound.Token);
            Assert.Equal(0, up.ExitCode);
            await WaitForAsync(received, m => m.StartsWith("STOPPING=1\n", StringComparison.Ordinal), up, log);
            // Not journald: the human format is unchanged.
            Assert.DoesNotContain("<6>", log.ToString());
        }
        finally
        {
            if (!up.HasExited) up.Kill(entireProcessTree: true);
            stop.Cancel();
            await receiving;
        }
    }

    [Fact]
    public async Task Stderr_to_the_journal_gets_priority_prefixes_and_a_redirected_stderr_does_not()
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "huaweiwwan");
        var missing = Path.Combine(Path.GetTempPath(), $"wwan-no-config-{Guid.NewGuid():N}");
        // A stream socket as stderr, its device:inode in JOURNAL_STREAM: what systemd hands a service.
        const string asJournal = """
            import os, socket, subprocess, sys
            a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            st = os.fstat(b.fileno())
            env = dict(os.environ, JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}")
            p = subprocess.Popen(sys.argv[1:], stderr=b.fileno(), stdout=subprocess.DEVNULL, env=env)
            b.close()
            out = b""
            while chunk := a.recv(4096):
                out += chunk
            sys.stdout.write(out.decode())
            sys.exit(p.wait())
            """;
        var journal = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", asJournal, exe, "up", "--config", missing], TimeSpan.FromSeconds(30));
        Assert.Equal(1, journal.ExitCode);
        Assert.StartsWith("<3>huaweiwwan up: ", journal.Stdout);
        Assert.Contains(missing, journal.Stdout);

        // The variable inherited, but stderr is a pipe: not the journal's stream, so no prefixes.
        var piped = await ProcessRunner.RunAsync(exe, ["up", "--config", missing], TimeSpan.FromSeconds(30),
            environment: new Dictionary<string, string?> { ["JOURNAL_STREAM"] = "8:12345" });
        Assert.Equal(1, piped.ExitCode);
        Assert.StartsWith("huaweiwwan up: ", piped.Stderr);
    }

    private static async Task<string> WaitForAsync(List<string> received, Func<string, bool> match, System.Diagnostics.Process up, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            lock (received)
                if (received.FirstOrDefault(match) is { } m) return m;
            if (DateTime.UtcNow > deadline) lock (received) Assert.Fail($"no such notification; got:\n{string.Join("\n--\n", received)}\nup's log:\n{log}");
            await Task.Delay(50);
        }
    }
}
