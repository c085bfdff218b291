using WwanProto.Core.Config;
using WwanProto.Uci;

namespace WwanProto.Core.Standalone;

/// <summary>
/// Options for `huaweiwwan up` from a UCI-format file: the same `config interface` section, with the same
/// option names, as under netifd (default /etc/config/network, the section with `option proto huaweiwwan`).
/// </summary>
public static class StandaloneConfig
{
    public const string DefaultPath = "/etc/config/network";

    /// <summary>The interface name and its typed options, or every problem found (file, section, option values).</summary>
    public static (string? Iface, InterfaceOptions? Options, IReadOnlyList<string> Errors) Load(string path, string? iface)
    {
        UciPackage package;
        try
        {
            var context = new UciContext { ErrorSink = _ => { } };
            package = context.Load(Path.GetFullPath(path));
        }
        catch (UciException e)
        {
            return (null, null, [$"{path}: {e.Message}"]);
        }
        catch (IOException e)
        {
            return (null, null, [$"{path}: {e.Message}"]);
        }

        bool Ours(UciSection s) => s.Type == "interface" && s.FindOption("proto")?.Value == OptionSchema.ProtocolName;
        UciSection? section;
        if (iface is not null)
        {
            section = package.FindSection(iface);
            if (section is null) return (null, null, [$"{path}: no section '{iface}'"]);
            if (!Ours(section)) return (null, null, [$"{path}: section '{iface}' is not an interface with option proto '{OptionSchema.ProtocolName}'"]);
        }
        else
        {
            var ours = package.Sections.Where(Ours).ToList();
            if (ours.Count != 1)
                return (null, null, [ours.Count == 0
                    ? $"{path}: no interface section with option proto '{OptionSchema.ProtocolName}'"
                    : $"{path}: several huaweiwwan interfaces ({string.Join(", ", ours.Select(s => s.Name))}); pick one with --iface"]);
            section = ours[0];
        }

        var raw = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        foreach (var option in section.Options)
        {
            if (option.Name == "proto") continue;
            raw[option.Name] = option.Items is { } items ? RawValue.OfList(items) : RawValue.Of(option.Value ?? "");
        }
        var (options, errors) = OptionParser.Parse(raw);
        return errors.Count > 0
            ? (section.Name, null, errors.Select(e => $"{path}: interface '{section.Name}': {e}").ToList())
            : (section.Name, options, []);
    }
}
