using System.Diagnostics;
using WwanProto.Tests.Ubus;

namespace WwanProto.Tests.Netifd;

/// <summary>The result of one handler run: exit code, output, how long it took.</summary>
public sealed record HandlerRun(int Exit, string Stdout, string Stderr, TimeSpan Elapsed);

/// <summary>
/// Runs the handler the way netifd does: the shim copied into a proto directory (cwd), argv
/// `./huaweiwwan.sh PROTO ACTION IFACE 'JSON'`, under busybox ash (OpenWrt's /bin/sh), with netifd's
/// bare environment (PATH, plus ERROR= on teardown after the proto task ended). The only additions point
/// the handler at this machine's test roots: the built binary, the ubusd double's socket, a state dir.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NetifdHarness : IDisposable
{
    public string Root { get; }
    public string ProtoDir { get; }
    public string StateDir { get; }
    public string SocketPath { get; }
    public string Binary { get; }

    public NetifdHarness(UbusdDouble ubusd)
    {
        Root = Directory.CreateTempSubdirectory("netifd-harness-").FullName;
        ProtoDir = Path.Combine(Root, "lib", "netifd", "proto");
        StateDir = Path.Combine(Root, "var", "run", "huaweiwwan");
        Directory.CreateDirectory(ProtoDir);
        var shim = Path.Combine(ProtoDir, "huaweiwwan.sh");
        File.Copy(Path.Combine(RepoRoot, "proto", "netifd", "huaweiwwan.sh"), shim);
        File.SetUnixFileMode(shim, (UnixFileMode)0b111_101_101);
        SocketPath = ubusd.SocketPath;
        // $HUAWEIWWAN_TEST_BIN runs the roles from another build (e.g. `make publish`'s Native AOT binary).
        Binary = System.Environment.GetEnvironmentVariable("HUAWEIWWAN_TEST_BIN") is { Length: > 0 } bin ? bin : Path.Combine(AppContext.BaseDirectory, "huaweiwwan");
        // pppd's hooks, installed next to netifd's own ppp-up as `make install` does.
        LibDir = Path.Combine(Root, "lib", "netifd");
        foreach (var hook in PppHooks)
        {
            var target = Path.Combine(LibDir, hook);
            File.Copy(Path.Combine(RepoRoot, "proto", "netifd", hook), target);
            File.SetUnixFileMode(target, (UnixFileMode)0b111_101_101);
        }
    }

    public static readonly string[] PppHooks = ["huaweiwwan-ppp-up", "huaweiwwan-ppp6-up", "huaweiwwan-ppp-down"];

    /// <summary>The fake root's /lib/netifd (HUAWEIWWAN_NETIFD_LIBDIR), holding the ppp hooks.</summary>
    public string LibDir { get; }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WwanProto.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>netifd's environment for the handler (PATH only on a router) plus the test roots.</summary>
    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
            ["HUAWEIWWAN_BIN"] = Binary,
            ["HUAWEIWWAN_UBUS"] = SocketPath,
            ["HUAWEIWWAN_STATEDIR"] = StateDir,
            ["HUAWEIWWAN_NETIFD_LIBDIR"] = LibDir,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) env["DOTNET_ROOT"] = root;
        if (extra is not null) foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    /// <summary>`/bin/sh -c "./huaweiwwan.sh '' dump"` in the proto dir, as netifd's start-up scan does.</summary>
    public Task<HandlerRun> DumpAsync() => RunAsync(["-c", "./huaweiwwan.sh '' dump"], null);

    /// <summary>`./huaweiwwan.sh huaweiwwan ACTION IFACE 'JSON'`, as proto_shell_start execs it.</summary>
    public Task<HandlerRun> ActionAsync(string action, string iface, string json, IReadOnlyDictionary<string, string>? extraEnv = null) =>
        RunAsync(["./huaweiwwan.sh", "huaweiwwan", action, iface, json], extraEnv);

    private async Task<HandlerRun> RunAsync(string[] ashArgs, IReadOnlyDictionary<string, string>? extraEnv)
    {
        var psi = new ProcessStartInfo("busybox") { WorkingDirectory = ProtoDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("ash");
        foreach (var a in ashArgs) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in Environment(extraEnv)) psi.Environment[k] = v;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"handler {string.Join(' ', ashArgs)} did not finish within 30 s");
        }
        return new HandlerRun(p.ExitCode, await stdout, await stderr, sw.Elapsed);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
