using WwanProto.Core.Config;
using WwanProto.Uci;

namespace WwanProto.Core.Usb.Hotplug;

/// <summary>Reads the `proto huaweiwwan` interfaces from the network config through the UCI library.</summary>
public static class NetworkConfig
{
    public const string DefaultConfDir = UciContext.DefaultConfDir;

    /// <summary>Enabled huaweiwwan interfaces; an unreadable config gives an empty list and a message.</summary>
    public static (IReadOnlyList<WwanInterface> Interfaces, string? Problem) Read(string confDir)
    {
        var uci = new UciContext { ConfDir = confDir, ErrorSink = _ => { } };
        UciPackage package;
        try
        {
            package = uci.Load("network");
        }
        catch (UciException e)
        {
            return ([], $"cannot read {Path.Combine(confDir, "network")}: {e.Message}");
        }
        var list = new List<WwanInterface>();
        foreach (var section in package.Sections)
        {
            if (section.Type != "interface" || Value(section, "proto") != OptionSchema.ProtocolName) continue;
            if (Value(section, "disabled") is "1" or "true" or "yes" or "on") continue;
            list.Add(new WwanInterface(section.Name, Value(section, "device") ?? "auto", Value(section, "usbmode") ?? "stick"));
        }
        return (list, null);
    }

    private static string? Value(UciSection section, string option) => section.FindOption(option) is { IsList: false } o ? o.Value : null;
}
