using System.Diagnostics;
using System.Text;

namespace WwanProto.Tests.Ppp;

/// <summary>The pppd stand-in (fake-pppd next to the tests) run as a child, its stdout lines collected.</summary>
internal sealed class FakePppdProcess : IDisposable
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "fake-pppd");

    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    public FakePppdProcess(IEnumerable<string> argv, IDictionary<string, string>? environment = null, string? netns = null)
    {
        var start = new ProcessStartInfo(netns is null ? Path : "ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (netns is not null) foreach (var a in new[] { "netns", "exec", netns, Path }) start.ArgumentList.Add(a);
        foreach (var a in argv) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public string Out { get { lock (_out) return _out.ToString(); } }
    public string Err { get { lock (_err) return _err.ToString(); } }

    /// <summary>Waits (bounded) until stdout holds <paramref name="text"/>; fails with everything seen otherwise.</summary>
    public async Task WaitForAsync(string text, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(20));
        while (!Out.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited && !Out.Contains(text, StringComparison.Ordinal))
            {
                await _process.WaitForExitAsync();
                if (Out.Contains(text, StringComparison.Ordinal)) return;
                throw new Xunit.Sdk.XunitException($"fake-pppd exited {_process.ExitCode} before '{text}':\n{Out}{Err}");
            }
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"no '{text}' from fake-pppd within the bound:\n{Out}{Err}");
            await Task.Delay(20);
        }
    }

    public async Task<int> ExitCodeAsync(TimeSpan? bound = null)
    {
        using var cts = new CancellationTokenSource(bound ?? TimeSpan.FromSeconds(20));
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { throw new Xunit.Sdk.XunitException($"fake-pppd did not exit within the bound:\n{Out}{Err}"); }
        return _process.ExitCode;
    }

    public void Signal(int signal) => WwanProto.Core.Native.Libc.Kill(_process.Id, signal);

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
