using System.Diagnostics;
using WwanProto.Core;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Native;
using Xunit;

namespace WwanProto.Tests.Ppp;

/// <summary>The standalone ip-up/ip-down hooks run as pppd runs them (clean environment, pppd's argv) against a real event pipe.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PppHookScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ppp-hook-").FullName;
    private SystemPaths Paths => new(Path.Combine(_dir, "sys"), Path.Combine(_dir, "dev"), Path.Combine(_dir, "state"), Path.Combine(_dir, "lock"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<int> RunAsync(string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(script, ["ppp-wan", "/dev/ttyUSB0", "115200", "100.64.0.2", "100.64.0.1", "wan"]) { UseShellExecute = false };
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(bound.Token);
        return process.ExitCode;
    }

    [Fact]
    public async Task Up_and_down_hooks_report_pppds_values_through_the_pipe()
    {
        PppHookScript.Write(Paths, "wan");
        using var fifo = EventFifo.Create(PppHookScript.FifoPath(Paths, "wan"));
        var env = new Dictionary<string, string> { ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin", ["IPLOCAL"] = "100.64.0.2", ["IPREMOTE"] = "100.64.0.1", ["USEPEERDNS"] = "1", ["DNS1"] = "192.0.2.53" };
        Assert.Equal(0, await RunAsync(PppHookScript.UpPath(Paths, "wan"), env));
        Assert.Equal(0, await RunAsync(PppHookScript.DownPath(Paths, "wan"), new() { ["PATH"] = "/bin" }));

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var up = PppHookEvent.Parse(await fifo.Lines.ReadAsync(bound.Token));
        Assert.Equal(new PppHookEvent(true, "ppp-wan", "100.64.0.2", "100.64.0.1", up!.Dns), up);
        Assert.Equal(["192.0.2.53"], up.Dns);
        var down = PppHookEvent.Parse(await fifo.Lines.ReadAsync(bound.Token));
        Assert.False(down!.Up);
        Assert.Equal("100.64.0.2", down.Local); // from argv when the environment lacks IPLOCAL
        Assert.Empty(down.Dns);
    }

    [Fact]
    public async Task A_hook_never_blocks_or_creates_a_file_when_nobody_listens()
    {
        PppHookScript.Write(Paths, "wan");
        var fifoPath = PppHookScript.FifoPath(Paths, "wan");
        Assert.Equal(0, await RunAsync(PppHookScript.DownPath(Paths, "wan"), new() { ["PATH"] = "/bin" }));
        Assert.False(File.Exists(fifoPath));
        EventFifo.Create(fifoPath).Dispose();
        Assert.False(File.Exists(fifoPath));
        // A pipe left behind by a reader that died: opened read-write, the write lands in its buffer and the hook ends.
        using (var mkfifo = Process.Start("mkfifo", [fifoPath])) await mkfifo.WaitForExitAsync();
        Assert.Equal(0, await RunAsync(PppHookScript.DownPath(Paths, "wan"), new() { ["PATH"] = "/bin" }));
    }

    [Theory]
    [InlineData("ip-up\tppp-wan\t100.64.0.2\t100.64.0.1\t\t")]
    [InlineData("ip-up\tppp-wan\t100.64.0.2\tnot-an-address\t\t")]
    [InlineData("ip-up\tppp-wan\t100.64.0.2")]
    [InlineData("boot\tppp-wan\t100.64.0.2\t100.64.0.1\t\t")]
    public void Events_are_parsed_strictly(string line)
    {
        var parsed = PppHookEvent.Parse(line);
        if (line.StartsWith("ip-up\tppp-wan\t100.64.0.2\t100.64.0.1", StringComparison.Ordinal)) Assert.Empty(parsed!.Dns);
        else Assert.Null(parsed);
    }
}
