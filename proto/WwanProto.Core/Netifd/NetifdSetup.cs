using WwanProto.Core.Config;
using WwanProto.Core.Session;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// netifd's `setup`: validate the config, then either report the config errors (every one to the log,
/// the most useful code with all its options as action 3, see <see cref="ConfigErrorNotice"/>)
/// and block restarts (action 4) — a wrong config never fixes itself, so netifd must not loop on it —
/// or hand the options to a root-only file and start `huaweiwwan session IFACE` as the proto task
/// (action 1). Nothing slow happens here: the session does the modem work under netifd's supervision.
/// </summary>
public static class NetifdSetup
{
    /// <summary>Environment variables the session inherits from us when set (test roots, ubus socket).</summary>
    private static readonly string[] PassedEnvironment =
        ["HUAWEIWWAN_SYSFS", "HUAWEIWWAN_DEVROOT", "HUAWEIWWAN_STATEDIR", "HUAWEIWWAN_LOCKDIR", "HUAWEIWWAN_DEBUG",
         "HUAWEIWWAN_PPPD", "HUAWEIWWAN_NETIFD_LIBDIR"];

    public const string BinaryEnvironmentVariable = "HUAWEIWWAN_BIN";

    public static int Run(HandlerCall call, TextWriter log) =>
        RunAsync(call, SystemPaths.FromEnvironment(), log, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(HandlerCall call, SystemPaths paths, TextWriter log, CancellationToken cancellationToken)
    {
        if (!ValidInterfaceName(call.Interface))
        {
            log.WriteLine($"setup: interface name '{call.Interface}' is not a netifd interface name");
            return 2;
        }
        IReadOnlyList<ConfigError> errors;
        InterfaceOptions? options = null;
        Dictionary<string, RawValue>? raw = null;
        try
        {
            raw = NetifdConfig.Parse(call.ConfigJson);
            (options, errors) = OptionParser.Parse(raw);
        }
        catch (FormatException e)
        {
            errors = [new ConfigError("config", null, e.Message) { Code = ErrorCodes.ConfigInvalid }];
        }

        await using var netifd = new NetifdNotifier(call.Interface, call.UbusSocket);
        try
        {
            // Reach netifd first: without it there is nobody to start the session, and no secrets go to disk for nothing.
            await netifd.ConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (options is null || raw is null)
            {
                var notice = ConfigErrorNotice.From(errors);
                foreach (var e in errors) log.WriteLine($"setup: {e} ({e.Code})");
                log.WriteLine($"setup: reporting {notice.Code} ({string.Join(", ", notice.Options)}) to netifd");
                await netifd.NotifyAsync(notice.ToNotify(call.Interface), cancellationToken).ConfigureAwait(false);
                await netifd.NotifyAsync(NotifyMessages.BlockRestart(call.Interface), cancellationToken).ConfigureAwait(false);
                return 1;
            }

            var zone = raw.TryGetValue("zone", out var z) && z.Scalar is { Length: > 0 } zs ? zs : FirewallZone.Find(call.Interface);
            string file;
            try
            {
                file = SessionConfigFile.Write(paths, call.Interface, new SessionConfig(call.Interface, options, raw, zone));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full or read-only /var/run: the session cannot get its options. Say so and let netifd retry
                // setup (no restart block): room freed or the mount fixed, the next try comes up.
                var why = $"cannot store the session's options: {IoErrorText.Of(e, paths.StateDir)}";
                log.WriteLine($"setup: {why} ({ErrorCodes.StateDirUnwritable})");
                await netifd.NotifyAsync(NotifyMessages.Error(call.Interface, ErrorCodes.StateDirUnwritable, [why]), cancellationToken).ConfigureAwait(false);
                return 1;
            }
            var env = new List<string> { $"{SessionConfigFile.EnvironmentVariable}={file}", $"{UbusSocketPath.EnvironmentVariable}={netifd.SocketPath}" };
            foreach (var name in PassedEnvironment)
                if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) env.Add($"{name}={value}");
            await netifd.NotifyAsync(NotifyMessages.RunCommand(call.Interface, [SelfPath(), "session", call.Interface], env), cancellationToken).ConfigureAwait(false);
            log.WriteLine($"setup: starting the session for {call.Interface} (device {options.Device}, link {options.LinkType})");
            return 0;
        }
        catch (UbusException e)
        {
            log.WriteLine($"setup: cannot reach netifd over ubus ({netifd.SocketPath}): {e.Message}");
            return 1;
        }
    }

    /// <summary>The installed binary; $HUAWEIWWAN_BIN overrides it (tests run the build output).</summary>
    public static string SelfPath() =>
        Environment.GetEnvironmentVariable(BinaryEnvironmentVariable) is { Length: > 0 } bin ? bin
        : Environment.ProcessPath is { } p && Path.GetFileName(p) == "huaweiwwan" ? p
        : "/usr/sbin/huaweiwwan";

    /// <summary>UCI section names: letters, digits, underscore (also keeps the state file name safe).</summary>
    public static bool ValidInterfaceName(string name)
    {
        if (name.Length is 0 or > 64) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return false;
        return name is not "." and not "..";
    }
}
