using System.Diagnostics;

namespace WwanProto.Core.Sms;

/// <summary>
/// The optional hook directory (/etc/huaweiwwan/sms.d; $HUAWEIWWAN_SMS_HOOKS in tests): every executable file in
/// it runs, in name order, once per arrived message, with the message in its environment (INTERFACE, SMS_ID,
/// SMS_FROM, SMS_TIME, SMS_TEXT, SMS_STORAGE, SMS_PARTS, SMS_KIND). Each gets <see cref="Bound"/>; one that
/// overruns is killed. Their output is not logged: it may quote the message, which is the user's data.
/// </summary>
public sealed class SmsHooks(string directory, string iface, Action<string> log)
{
    public const string DefaultDirectory = "/etc/huaweiwwan/sms.d";

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static string DirectoryFromEnvironment() =>
        System.Environment.GetEnvironmentVariable("HUAWEIWWAN_SMS_HOOKS") is { Length: > 0 } dir ? dir : DefaultDirectory;

    public string Directory => directory;

    /// <summary>The hooks, sorted; none when the directory does not exist.</summary>
    public IReadOnlyList<string> Scripts()
    {
        if (OperatingSystem.IsWindows() || !System.IO.Directory.Exists(directory)) return [];
        var scripts = new List<string>();
        foreach (var file in System.IO.Directory.GetFiles(directory))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.') || name.EndsWith('~')) continue;
            try
            {
                if ((File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0) scripts.Add(file);
            }
            catch (IOException) { }
        }
        scripts.Sort(StringComparer.Ordinal);
        return scripts;
    }

    public static IReadOnlyDictionary<string, string> Environment(string iface, SmsMessage m) => new Dictionary<string, string>
    {
        ["INTERFACE"] = iface,
        ["SMS_ID"] = m.Id,
        ["SMS_FROM"] = m.Address,
        ["SMS_TIME"] = m.Timestamp?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["SMS_TEXT"] = m.Text,
        ["SMS_STORAGE"] = m.Storage,
        ["SMS_PARTS"] = m.Parts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SMS_KIND"] = m.Kind,
    };

    /// <summary>Runs every hook for <paramref name="message"/>, one after the other; returns how many exited 0.</summary>
    public async Task<int> RunAsync(SmsMessage message, CancellationToken ct)
    {
        var ok = 0;
        foreach (var script in Scripts())
        {
            var start = new ProcessStartInfo(script)
            {
                UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                WorkingDirectory = "/",
            };
            foreach (var (k, v) in Environment(iface, message)) start.Environment[k] = v;
            try
            {
                using var process = Process.Start(start) ?? throw new IOException("not started");
                process.StandardInput.Close();
                using var output = process.StandardOutput;
                using var error = process.StandardError;
                var drained = Task.WhenAll(output.ReadToEndAsync(ct), error.ReadToEndAsync(ct));
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(Bound);
                try
                {
                    await process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
                    await drained.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    log($"sms hook {script}: still running after {Bound.TotalSeconds:0} s, killed");
                    continue;
                }
                if (process.ExitCode == 0) ok++;
                else log($"sms hook {script}: exit {process.ExitCode}");
            }
            catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                log($"sms hook {script}: could not run: {e.Message}");
            }
        }
        return ok;
    }
}
