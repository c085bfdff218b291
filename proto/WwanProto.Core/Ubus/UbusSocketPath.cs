namespace WwanProto.Core.Ubus;

/// <summary>Where ubusd listens: an explicit option (-s), then $HUAWEIWWAN_UBUS, then OpenWrt's default.</summary>
public static class UbusSocketPath
{
    public const string Default = "/var/run/ubus/ubus.sock";
    /// <summary>Releases before 2021 (ubus without the /var/run/ubus directory) listen here.</summary>
    public const string Legacy = "/var/run/ubus.sock";
    public const string EnvironmentVariable = "HUAWEIWWAN_UBUS";

    public static string Resolve(string? option = null)
    {
        if (!string.IsNullOrEmpty(option)) return option;
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) return env;
        return !File.Exists(Default) && File.Exists(Legacy) ? Legacy : Default;
    }
}
