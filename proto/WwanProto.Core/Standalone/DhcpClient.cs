using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>
/// Gets one IPv4 lease on a device for standalone mode (option dhcp), where no netifd runs a DHCP client for
/// us: busybox udhcpc in the foreground, told to quit after the lease (-q) or after its tries (-n), so it
/// never configures anything itself. Its event script only writes the lease out; the caller applies it the
/// same way as a modem-reported configuration.
/// </summary>
public sealed class DhcpClient(string stateDir, string? netns = null, string busybox = "busybox")
{
    private const int Tries = 5, SecondsBetweenTries = 2;

    // udhcpc's own retry schedule ends well before this; the margin covers process start-up. Beyond it the
    // child is killed so a wedged client cannot hold the session.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(Tries * SecondsBetweenTries + 10);

    // The lease goes to "<script>.lease" ($0 is the script's own path), so no path needs quoting inside it.
    private const string Script = """
        #!/bin/sh
        # Written by huaweiwwan: reports the udhcpc lease; huaweiwwan configures the interface itself.
        case "$1" in
        bound|renew)
            printf 'ip=%s\nmask=%s\nsubnet=%s\nrouter=%s\ndns=%s\nmtu=%s\n' "$ip" "$mask" "$subnet" "$router" "$dns" "$mtu" > "$0.lease.tmp" && mv "$0.lease.tmp" "$0.lease"
            ;;
        esac
        exit 0

        """;

    /// <summary>Runs udhcpc on <paramref name="dev"/> and returns the lease; a non-fatal NO_IPADDR error when none came.</summary>
    public async Task<IpConfig> RequestAsync(string dev, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("udhcpc needs a Unix host");
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(stateDir, OwnerOnly);
        var script = Path.Combine(stateDir, $"udhcpc-{dev}.sh");
        var lease = script + ".lease";
        File.Delete(lease);
        using (var f = new FileStream(script, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        {
            // UnixCreateMode is ignored when the file already exists: root runs it, so nobody else may change it.
            File.SetUnixFileMode(f.SafeFileHandle, OwnerOnly);
            f.Write(System.Text.Encoding.UTF8.GetBytes(Script.Replace("\r\n", "\n", StringComparison.Ordinal)));
        }

        var start = new ProcessStartInfo(netns is null ? busybox : "ip")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (netns is not null) foreach (var a in (string[])["netns", "exec", netns, busybox]) start.ArgumentList.Add(a);
        foreach (var a in (string[])["udhcpc", "-i", dev, "-f", "-q", "-n", "-t", Str(Tries), "-T", Str(SecondsBetweenTries), "-s", script])
            start.ArgumentList.Add(a);

        string output;
        int code;
        try
        {
            using var process = Process.Start(start) ?? throw new IOException($"could not run {busybox} udhcpc");
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(Bound);
            try
            {
                await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                throw NoLease(dev, $"udhcpc did not finish within {Bound.TotalSeconds:0} s");
            }
            output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
            code = process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw NoLease(dev, $"could not run {busybox} udhcpc: {e.Message}");
        }

        var config = File.Exists(lease) ? ParseLease(File.ReadAllLines(lease)) : null;
        File.Delete(lease);
        if (code != 0 || config is null)
        {
            var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            throw NoLease(dev, $"udhcpc exited {code}{(last is null ? "" : ": " + last)}");
        }
        return config;
    }

    /// <summary>The script's "name=value" lines -> the lease; null without a usable address.</summary>
    public static IpConfig? ParseLease(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) values[line[..eq]] = line[(eq + 1)..].Trim();
        }
        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        if (Get("ip") is not { } ip || !System.Net.IPAddress.TryParse(ip, out var address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return null;
        // Older busybox has only $subnet (dotted mask); newer also sets $mask (prefix length).
        int? prefix = int.TryParse(Get("mask"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 32 ? p : null;
        if (prefix is null && Get("subnet") is { } subnet && System.Net.IPAddress.TryParse(subnet, out var m))
            prefix = BitOperations.PopCount(BitConverter.ToUInt32(m.GetAddressBytes()));
        // Several routers or servers come space-separated; the first router is the default gateway.
        var router = Get("router")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var dns = Get("dns")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        int? mtu = int.TryParse(Get("mtu"), NumberStyles.None, CultureInfo.InvariantCulture, out var u) && u >= 576 ? u : null;
        return new IpConfig(ip, prefix ?? 32, router, dns, mtu);
    }

    private static SessionException NoLease(string dev, string why) =>
        new(new SessionError(ErrorCodes.NoIpAddr, $"no DHCP lease on {dev}: {why}", Fatal: false));

    private static string Str(int n) => n.ToString(CultureInfo.InvariantCulture);
}
