using System.Diagnostics;

namespace WwanProto.ModemSim.Pppd;

/// <summary>
/// The ip-up/ip-down family as pppd runs them: the script itself (no shell) with pppd's six arguments and
/// a clean environment of pppd's variables only; stdio not connected to anything of pppd's.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class PppdScript
{
    /// <summary>Starts <paramref name="path"/>; null when it is missing or not executable (pppd skips it silently).</summary>
    public static Process? Start(string path, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment)
    {
        if (!IsExecutable(path)) return null;
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in argv) start.ArgumentList.Add(a);
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start);
        if (process is null) return null;
        process.StandardInput.Close();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a script and waits for it, at most <paramref name="bound"/> (then it is killed).</summary>
    public static void Run(string path, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, TimeSpan bound)
    {
        using var process = Start(path, argv, environment);
        if (process is null) return;
        if (!process.WaitForExit(bound))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit(1000);
        }
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
