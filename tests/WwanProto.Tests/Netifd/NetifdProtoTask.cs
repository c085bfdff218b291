using System.Diagnostics;
using System.Text;
using WwanProto.Tests.Ubus;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// netifd's side of action 1: the proto task, started from the recorded notify (its command and env on
/// top of netifd's own environment), stopped with SIGTERM as netifd does after teardown.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdProtoTask : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NetifdProtoTask(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) _stderrClosed.TrySetResult();
            else lock (_stderr) _stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>What the task wrote to stderr so far (it is still running).</summary>
    public string StderrSoFar { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary><paramref name="netns"/>: run the task inside this network namespace (where the test put the modem's netdev).</summary>
    public static NetifdProtoTask Start(NetifdHarness netifd, RecordedCall runCommand, IReadOnlyDictionary<string, string>? extraEnv = null, string? netns = null)
    {
        var root = runCommand.Root;
        var argv = root.GetProperty("command").EnumerateArray().Select(e => e.GetString()!).ToList();
        if (netns is not null) argv.InsertRange(0, ["/usr/sbin/ip", "netns", "exec", netns]);
        var psi = new ProcessStartInfo(argv[0]) { WorkingDirectory = netifd.ProtoDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in netifd.Environment(extraEnv)) psi.Environment[k] = v;
        if (root.TryGetProperty("env", out var env))
            foreach (var kv in env.EnumerateArray().Select(e => e.GetString()!))
                psi.Environment[kv[..kv.IndexOf('=')]] = kv[(kv.IndexOf('=') + 1)..];
        return new NetifdProtoTask(Process.Start(psi)!);
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The task's exit code (netifd's ERROR= for teardown), bounded.</summary>
    public async Task<int> ExitAsync(TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>All of stderr, once the task closed it (bounded).</summary>
    public async Task<string> StderrAsync()
    {
        await _stderrClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return StderrSoFar;
    }

    public void Terminate()
    {
        if (!_process.HasExited) Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit(5000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
