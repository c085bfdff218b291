using System.Text;

namespace WwanProto.Tests.Setup;

/// <summary>A temporary /etc/config with an OpenWrt-like network and firewall config.</summary>
internal sealed class ConfigDirs : IDisposable
{
    public const string Network = "\nconfig interface 'loopback'\n\toption device 'lo'\n\toption proto 'static'\n\toption ipaddr '127.0.0.1'\n\toption netmask '255.0.0.0'\n"
        + "\nconfig interface 'wan'\n\toption device 'eth1'\n\toption proto 'dhcp'\n\toption hostname 'router'\n";

    public const string Firewall = "\nconfig zone\n\toption name 'lan'\n\tlist network 'lan'\n\toption input 'ACCEPT'\n"
        + "\nconfig zone\n\toption name 'wan'\n\toption network 'wan wan6'\n\toption input 'REJECT'\n\toption masq '1'\n";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"wwan-config-{Environment.ProcessId}-{Guid.NewGuid():N}");
    public string Conf => Path.Combine(Root, "etc", "config");
    public string Save => Path.Combine(Root, "uci-save");

    public ConfigDirs(string network = Network, string? firewall = Firewall)
    {
        Directory.CreateDirectory(Conf);
        File.WriteAllText(Path.Combine(Conf, "network"), network);
        if (firewall is not null)
            File.WriteAllText(Path.Combine(Conf, "firewall"), firewall);
    }

    public string Read(string name) => Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(Conf, name)));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
