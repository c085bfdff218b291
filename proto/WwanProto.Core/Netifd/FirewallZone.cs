using WwanProto.Uci;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The firewall zone an interface belongs to (what the shell handlers get from `fw3 -q network IFACE`),
/// read from /etc/config/firewall with our UCI library: the DHCP children are added to the same zone.
/// </summary>
public static class FirewallZone
{
    public static string? Find(string iface, string confDir = UciContext.DefaultConfDir)
    {
        if (!File.Exists(Path.Combine(confDir, "firewall"))) return null;
        try
        {
            var uci = new UciContext { ConfDir = confDir };
            if (uci.LookupPtr("firewall").P is not { } firewall) return null;
            foreach (var section in firewall.Sections)
            {
                if (section.Type != "zone" || section.FindOption("network") is not { } network) continue;
                var members = network.IsList ? network.Items! : (network.Value ?? "").Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries).ToList();
                if (members.Select(UciText.ToUnicode).Contains(iface) && section.FindOption("name") is { IsList: false, Value: { } name })
                    return UciText.ToUnicode(name);
            }
        }
        catch (UciException)
        {
            // An unreadable firewall config only costs the children their explicit zone; netifd still brings them up.
        }
        return null;
    }
}
