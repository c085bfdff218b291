using System.Diagnostics;

namespace WwanProto.Tests.Standalone;

/// <summary>A network namespace of the test's own (unique name), with a veth pair inside it; deleted on dispose.</summary>
public sealed class TestNetns : IDisposable
{
    public string Name { get; } = $"wwt-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    public TestNetns(bool veth = true)
    {
        Run("ip", "netns", "add", Name);
        if (veth) Run("ip", "-n", Name, "link", "add", "wwan0", "type", "veth", "peer", "name", "modem0");
    }

    public string Ip(params string[] args) => Run(["ip", "-n", Name, .. args]);

    public static string Run(params string[] argv)
    {
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(10000))
        {
            p.Kill();
            throw new TimeoutException($"{string.Join(' ', argv)} did not finish in 10 s");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', argv)}: exit {p.ExitCode}: {error.Result}");
        return output.Result;
    }

    public void Dispose()
    {
        try { Run("ip", "netns", "del", Name); } catch (InvalidOperationException) { }
    }
}
