namespace WwanProto.Core.HiLink;

/// <summary>
/// What the configuration asks of a HiLink stick: WebUI login (options hilink_username/hilink_password), the
/// APN through the dial-up profiles (apn, username, password, auth), and whether the mobile data switch is
/// turned on at connect and off at teardown (hilink_dataswitch; otherwise the stick's own setting stands), and the
/// reachability probe (hilink_probe, every hilink_probe_interval seconds).
/// </summary>
public sealed record HiLinkSettings(HiLinkCredentials? Login, bool DataSwitch, string? Apn, string? ApnUser, string? ApnPassword, string Auth,
    string? Probe = null, int ProbeIntervalSeconds = 30)
{
    /// <summary>The dial-up profile's AuthMode for the `auth` option (0 none, 1 PAP, 2 CHAP, 3 either).</summary>
    public int AuthMode => Auth switch { "pap" => 1, "chap" => 2, "both" => 3, _ => 0 };
}
