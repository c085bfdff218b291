using System.Diagnostics;
using WwanProto.Tests.Packaging;

namespace WwanProto.Tests.DBus;

/// <summary>
/// Debian's openresolv (the package scripts/deps.sh downloads into out/debs, unpacked, never installed: that would
/// hand this machine's /etc/resolv.conf to it) relocated into a test directory the way its configure's
/// --sysconfdir/--libexecdir would: its config says the resolv.conf it writes and its state directory are the test's.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class Openresolv
{
    public required string Program { get; init; }
    public required string ResolvConf { get; init; }
    public required string InterfacesDir { get; init; }

    public static async Task<Openresolv> UnpackAsync(string dir)
    {
        var deb = Directory.Exists(RepoPaths.Of("out", "debs")) ? Directory.GetFiles(RepoPaths.Of("out", "debs"), "openresolv_*.deb").FirstOrDefault() : null;
        if (deb is null) throw new InvalidOperationException("out/debs/openresolv_*.deb is missing: run scripts/deps.sh (make test does)");
        var package = Path.Combine(dir, "openresolv");
        using (var unpack = Process.Start("dpkg-deb", ["-x", deb, package])!)
        {
            await unpack.WaitForExitAsync();
            if (unpack.ExitCode != 0) throw new InvalidOperationException($"dpkg-deb -x {deb} failed ({unpack.ExitCode})");
        }
        var etc = Directory.CreateDirectory(Path.Combine(dir, "etc")).FullName;
        var resolvConf = Path.Combine(dir, "resolv.conf");
        var state = Path.Combine(dir, "run-resolvconf");
        File.WriteAllText(Path.Combine(etc, "resolvconf.conf"), $"resolv_conf={resolvConf}\nstate_dir={state}\n");
        var script = File.ReadAllLines(Path.Combine(package, "sbin", "resolvconf"));
        var relocated = script.Select(line => line switch
        {
            "SYSCONFDIR=/etc" => $"SYSCONFDIR={etc}",
            "LIBEXECDIR=/lib/resolvconf" => $"LIBEXECDIR={Path.Combine(package, "lib", "resolvconf")}",
            _ => line,
        }).ToArray();
        if (relocated.SequenceEqual(script)) throw new InvalidOperationException("openresolv's script no longer sets SYSCONFDIR=/etc / LIBEXECDIR=/lib/resolvconf: relocate it anew");
        var program = Path.Combine(dir, "resolvconf");
        File.WriteAllLines(program, relocated);
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return new Openresolv { Program = program, ResolvConf = resolvConf, InterfacesDir = Path.Combine(state, "interfaces") };
    }
}
