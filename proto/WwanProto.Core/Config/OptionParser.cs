namespace WwanProto.Core.Config;

/// <summary>Turns raw option values (from netifd JSON or a UCI section) into <see cref="InterfaceOptions"/>.</summary>
public static class OptionParser
{
    /// <summary>
    /// Validates every option against <see cref="OptionSchema"/> and returns the typed options, or the
    /// complete list of problems (all of them, not just the first). Options netifd adds on its own
    /// (its generic interface attributes) are ignored; other unknown options are errors when
    /// <paramref name="rejectUnknown"/> is set (as `config check` does).
    /// </summary>
    public static (InterfaceOptions? Options, IReadOnlyList<ConfigError> Errors) Parse(
        IReadOnlyDictionary<string, RawValue> raw, bool rejectUnknown = false)
    {
        var errors = new List<ConfigError>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var (name, value) in raw)
        {
            var spec = OptionSchema.Find(name);
            if (spec is null)
            {
                if (rejectUnknown && !OptionSchema.NetifdGeneric.Contains(name))
                    errors.Add(new ConfigError(name, value.ToString(), "unknown option for proto huaweiwwan") { Code = "UNKNOWN_OPTION" });
                continue;
            }
            if (Check(spec, value, errors) is { } normalized) values[name] = normalized;
        }
        if (errors.Count > 0) return (null, errors);

        string? S(string n) => values.GetValueOrDefault(n) is { Length: > 0 } v ? v : null;
        bool B(string n, bool d) => values.TryGetValue(n, out var v) ? v == "1" : d;
        int? I(string n) => values.TryGetValue(n, out var v) && v.Length > 0 ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;

        var options = new InterfaceOptions
        {
            Device = S("device") ?? "auto",
            Apn = S("apn"),
            V6Apn = S("v6apn"),
            Auth = S("auth") ?? "none",
            Username = S("username"),
            Password = S("password"),
            PinCode = S("pincode"),
            Mode = S("mode"),
            PdpType = S("pdptype") ?? "IP",
            Profile = I("profile") ?? 1,
            LinkType = S("linktype") ?? "auto",
            DialNumber = S("dialnumber"),
            Dhcp = B("dhcp", false),
            Dhcpv6 = B("dhcpv6", false),
            AllowRoaming = B("allow_roaming", true),
            Plmn = S("plmn") is "0" ? null : S("plmn"),
            UsbMode = S("usbmode") ?? "stick",
            Timeout = I("timeout") ?? 60,
            Delay = I("delay") ?? 0,
            Mtu = I("mtu"),
            Keepalive = S("keepalive") ?? "5 10",
            LowPower = B("lowpower", false),
            SourceFilter = B("sourcefilter", true),
            Delegate = B("delegate", true),
            DefaultRoute = B("defaultroute", true),
            PeerDns = B("peerdns", true),
            HiLinkUsername = S("hilink_username") ?? "admin",
            HiLinkPassword = S("hilink_password"),
            HiLinkDataSwitch = B("hilink_dataswitch", false),
            HiLinkProbe = S("hilink_probe"),
            HiLinkProbeInterval = I("hilink_probe_interval") ?? 30,
            Metric = I("metric"),
        };
        if ((options.Username is null) != (options.Password is null) && options.Auth != "none")
            errors.Add(new ConfigError("password", null, $"auth '{options.Auth}' needs both username and password"));
        return errors.Count > 0 ? (null, errors) : (options, errors);
    }

    /// <summary>Checks one value; returns it normalized (bools as 0/1, choices as listed), or null after adding an error.</summary>
    private static string? Check(OptionSpec spec, RawValue value, List<ConfigError> errors)
    {
        string? Shown(string v) => spec.Secret ? null : v;

        if (spec.Type == OptionType.Array)
        {
            if (value.List is { } list) return string.Join('\n', list);
            return value.Scalar;
        }
        if (value.List is not null)
        {
            errors.Add(new ConfigError(spec.Name, null, "is a list, but this option takes a single value"));
            return null;
        }
        var text = value.Scalar ?? "";
        switch (spec.Type)
        {
            case OptionType.Bool:
                var b = ParseBool(text);
                if (b is null) errors.Add(new ConfigError(spec.Name, text, "expected a boolean (1/0, yes/no, on/off, true/false, enabled/disabled)"));
                return b is null ? null : b.Value ? "1" : "0";
            case OptionType.Int:
                if (text.Length == 0) return text;
                if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    errors.Add(new ConfigError(spec.Name, text, "expected a whole number"));
                    return null;
                }
                if (n < spec.Min || n > spec.Max)
                {
                    var range = spec.Max == int.MaxValue ? $"at least {spec.Min}" : $"between {spec.Min} and {spec.Max}";
                    errors.Add(new ConfigError(spec.Name, text, $"must be {range}"));
                    return null;
                }
                return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (text.Length == 0) return text;
        if (spec.Choices is { } choices)
        {
            foreach (var choice in choices)
                if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase)) return choice;
            errors.Add(new ConfigError(spec.Name, Shown(text), $"expected one of: {string.Join(", ", choices)}"));
            return null;
        }
        if (spec.Check?.Invoke(text) is { } message)
        {
            errors.Add(new ConfigError(spec.Name, Shown(text), message));
            return null;
        }
        return text;
    }

    /// <summary>UCI's boolean spellings (libuci's uci_parse_bool / shell's config_get_bool).</summary>
    public static bool? ParseBool(string text) => text.ToLowerInvariant() switch
    {
        "1" or "yes" or "on" or "true" or "enabled" => true,
        "0" or "no" or "off" or "false" or "disabled" => false,
        _ => null,
    };
}
