using System.Diagnostics;

namespace WwanProto.ModemSim.Net;

/// <summary>Runs iproute2 (and other helpers) for the simulator's network side; failures name the command.</summary>
public static class IpCommand
{
    public static void Run(params string[] args) => Exec("ip", args);

    public static void Exec(string program, params string[] args)
    {
        var (code, output) = Capture(program, args);
        if (code != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({code}): {output.Trim()}");
    }

    public static (int Code, string Output) Capture(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(15000))
        {
            p.Kill(true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 15 s");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
