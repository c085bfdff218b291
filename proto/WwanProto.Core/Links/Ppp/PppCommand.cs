using System.Globalization;
using System.Text;
using WwanProto.Core.Config;
using WwanProto.Core.Native;
using WwanProto.Core.Session;

namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// Builds pppd's command line from interface options. Used by the standalone PPP link (pppd as a child) and
/// by the netifd session's hand-over (<see cref="Netifd.NetifdPppLink"/>: pppd exec'd as the proto task), so
/// both run pppd the same way.
/// </summary>
public static class PppCommand
{
    public const string DefaultPppd = SystemPaths.DefaultPppd;
    public const int DefaultBaud = 115200;

    /// <summary>
    /// Returns pppd's argv for dialling <paramref name="tty"/> for interface <paramref name="iface"/>.
    /// Username and password go into a 0600 options file under <see cref="SystemPaths.StateDir"/> (pppd `file`),
    /// never onto argv (which `ps` shows to every user). Refuses (CONFIG_INVALID) values that could break out of pppd's option syntax or the
    /// connect command before anything is written.
    /// </summary>
    /// <param name="selfExe">This binary, run by pppd as `connect` (`huaweiwwan chat`); default: the running executable.</param>
    /// <param name="scriptEnvironment">
    /// Netifd flavor: NAME=VALUE pairs pppd hands to its scripts (`set`), since it runs them with a clean environment;
    /// our ppp-up hook needs at least the session config file and, when not the default, the ubus socket.
    /// </param>
    /// <param name="pppd">The pppd to run; default <see cref="SystemPaths.Pppd"/>.</param>
    public static PppCommandLine Build(InterfaceOptions options, string iface, string tty, SystemPaths paths,
        PppFlavor flavor = PppFlavor.Netifd, string? selfExe = null, string? pppd = null,
        IReadOnlyList<KeyValuePair<string, string>>? scriptEnvironment = null)
    {
        pppd ??= paths.Pppd;
        CheckName("interface name", iface, 15);
        CheckPath("tty", tty);
        selfExe ??= Environment.ProcessPath ?? "/usr/sbin/huaweiwwan";
        CheckPath("executable", selfExe);
        foreach (var (name, value) in new[] { ("apn", options.Apn), ("username", options.Username), ("password", options.Password), ("dialnumber", options.DialNumber) })
            if (value is not null && ValueRules.Forbidden(value) is { } bad)
                throw Invalid(name, $"{name} {bad}", name == "password" ? null : value);

        var ifname = InterfaceName(iface, flavor);
        var argv = new List<string> { pppd, "nodetach", "ipparam", iface, "ifname", ifname, tty, Baud(tty).ToString(CultureInfo.InvariantCulture) };
        argv.Add(UsesHardwareFlowControl(tty) ? "crtscts" : "nocrtscts");
        argv.AddRange(["lock", "noauth", "noipdefault", "maxfail", "1"]);
        if (options.PeerDns) argv.Add("usepeerdns");
        // Never pppd's own route: under netifd, ppp-up reports the peer as gateway and netifd applies defaultroute
        // and metric (as 3g.sh/ppp.sh do); standalone, the host reporter adds it with the configured metric.
        argv.Add("nodefaultroute");
        AddKeepalive(argv, options.Keepalive);
        if (options.Mtu is { } mtu)
        {
            var text = mtu.ToString(CultureInfo.InvariantCulture);
            argv.AddRange(["mtu", text, "mru", text]);
        }
        // IPv6CP kills PPP on some sticks (huawei-modems.md §4.12): only negotiate it when asked for.
        argv.Add(options.WantsIpv6 ? "+ipv6" : "noipv6");
        if (!options.WantsIpv4) argv.Add("noip");
        AddAuth(argv, options);
        if (flavor == PppFlavor.Standalone)
        {
            // Our generated hooks (PppHookScript), never /etc/ppp/ip-up and its ip-up.d.
            var up = PppHookScript.UpPath(paths, iface);
            var down = PppHookScript.DownPath(paths, iface);
            CheckPath("ip-up hook", up);
            argv.AddRange(["ip-up-script", up, "ip-down-script", down]);
        }
        else
            AddNetifdHooks(argv, paths, options.WantsIpv6, scriptEnvironment ?? []);
        argv.AddRange(["connect", ChatCommandLine(options, iface, selfExe)]);

        string? secrets = null;
        if (options.Username is not null || options.Password is not null)
        {
            secrets = SecretsPath(paths, iface);
            WriteSecrets(secrets, options.Username, options.Password);
            argv.AddRange(["file", secrets]);
        }
        return new PppCommandLine(argv, secrets, ifname);
    }

    /// <summary>The hook names under <see cref="SystemPaths.NetifdLibDir"/> (installed next to netifd's own ppp-up).</summary>
    public const string UpHook = "huaweiwwan-ppp-up", Up6Hook = "huaweiwwan-ppp6-up", DownHook = "huaweiwwan-ppp-down";

    /// <summary>
    /// Our hooks instead of /etc/ppp/ip-up etc. (which would configure the link a second time behind netifd's back),
    /// with what they need passed through pppd's `set`.
    /// </summary>
    private static void AddNetifdHooks(List<string> argv, SystemPaths paths, bool ipv6, IReadOnlyList<KeyValuePair<string, string>> scriptEnvironment)
    {
        CheckPath("netifd library directory", paths.NetifdLibDir);
        var down = Path.Combine(paths.NetifdLibDir, DownHook);
        argv.AddRange(["ip-up-script", Path.Combine(paths.NetifdLibDir, UpHook), "ip-down-script", down]);
        // Only with IPV6CP: pppd before 2.5.0 without OpenWrt's patches (Debian 12's 2.4.9) does not know these
        // options, and with noipv6 they never run.
        if (ipv6) argv.AddRange(["ipv6-up-script", Path.Combine(paths.NetifdLibDir, Up6Hook), "ipv6-down-script", down]);
        foreach (var (name, value) in scriptEnvironment)
        {
            foreach (var c in name)
                if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
                    throw Invalid("script environment", "script environment names may contain only A-Z, 0-9 and '_'", name);
            CheckPath(name, value);
            argv.AddRange(["set", $"{name}={value}"]);
        }
    }

    /// <summary>3g-&lt;iface&gt; under netifd (3g.sh's name, so firewall zones carry over), ppp-&lt;iface&gt; standalone; cut to 15 characters.</summary>
    public static string InterfaceName(string iface, PppFlavor flavor)
    {
        var name = (flavor == PppFlavor.Netifd ? "3g-" : "ppp-") + iface;
        return name.Length > 15 ? name[..15] : name;
    }

    /// <summary>Where the credentials options file for <paramref name="iface"/> lives.</summary>
    public static string SecretsPath(SystemPaths paths, string iface) => Path.Combine(paths.StateDir, $"ppp-{iface}.secrets");

    public static void RemoveSecrets(PppCommandLine line)
    {
        if (line.SecretsFile is { } path) File.Delete(path);
    }

    /// <summary>
    /// The shell command pppd runs as `connect` (pppd hands it to /bin/sh -c). Every value is single-quoted;
    /// the option rules already exclude quotes, so nothing can escape.
    /// </summary>
    public static string ChatCommandLine(InterfaceOptions options, string iface, string selfExe)
    {
        var sb = new StringBuilder();
        sb.Append(Quote(selfExe)).Append(" chat ").Append(Quote(iface));
        sb.Append(" --cid ").Append(options.Profile.ToString(CultureInfo.InvariantCulture));
        sb.Append(" --pdptype ").Append(Quote(options.PdpType));
        if (options.Apn is { } apn) sb.Append(" --apn ").Append(Quote(apn));
        sb.Append(" --dial ").Append(Quote(options.EffectiveDialNumber));
        return sb.ToString();
    }

    /// <summary>Port speed: the value is ignored by USB serial drivers but pppd wants one; 115200 like 3g.sh.</summary>
    public static int Baud(string tty) => DefaultBaud;

    /// <summary>
    /// RTS/CTS for the option driver's ttyUSB ports (as 3g.sh does); not for cdc_acm phones (ttyACM), some of
    /// which never raise CTS, nor for anything else we cannot vouch for.
    /// </summary>
    public static bool UsesHardwareFlowControl(string tty) => Path.GetFileName(tty).StartsWith("ttyUSB", StringComparison.Ordinal);

    private static void AddKeepalive(List<string> argv, string keepalive)
    {
        if (keepalive == "0")
        {
            argv.AddRange(["lcp-echo-interval", "0"]);
            return;
        }
        var parts = keepalive.Split(' ');
        argv.AddRange(["lcp-echo-failure", parts[0], "lcp-echo-interval", parts[1]]);
    }

    private static void AddAuth(List<string> argv, InterfaceOptions options)
    {
        switch (options.Auth)
        {
            case "pap":
                argv.AddRange(["refuse-chap", "refuse-mschap", "refuse-mschap-v2", "refuse-eap"]);
                break;
            case "chap":
                argv.AddRange(["refuse-pap", "refuse-eap"]);
                break;
        }
    }

    /// <summary>Creates the file 0600 from the start (no window where another user could read it), atomically replaced.</summary>
    private static void WriteSecrets(string path, string? user, string? password)
    {
        StateDirectory.Ensure(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.Delete(temp);
        using (var fd = UnixFd.Open(temp, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL, 0x180))
        {
            // pppd's option syntax: a double-quoted word; the credential rules exclude '"' and '\'.
            var text = new StringBuilder();
            if (user is not null) text.Append($"user \"{user}\"\n");
            if (password is not null) text.Append($"password \"{password}\"\n");
            fd.WriteAll(Encoding.UTF8.GetBytes(text.ToString()));
        }
        File.Move(temp, path, overwrite: true);
    }

    private static string Quote(string value) => "'" + value + "'";

    private static void CheckName(string what, string value, int max)
    {
        if (value.Length == 0 || value.Length > max)
            throw Invalid(what, $"{what} must be 1 to {max} characters", value);
        foreach (var c in value)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                throw Invalid(what, $"{what} may contain only letters, digits, '_', '-' and '.'", value);
    }

    private static void CheckPath(string what, string value)
    {
        if (value.Length == 0 || value[0] != '/')
            throw Invalid(what, $"{what} must be an absolute path", value);
        foreach (var c in value)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.' or ':' or '+'))
                throw Invalid(what, $"{what} path may contain only letters, digits and / _ - . : +", value);
    }

    private static SessionException Invalid(string what, string message, string? value) =>
        new(new SessionError(ErrorCodes.ConfigInvalid, value is null ? message : $"{message}: '{value}'", Fatal: true));
}
