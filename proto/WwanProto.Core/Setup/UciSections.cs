using WwanProto.Core.Config;
using WwanProto.Uci;

namespace WwanProto.Core.Setup;

/// <summary>Reading interface sections of a loaded `network` package as the schema's raw values.</summary>
public static class UciSections
{
    /// <summary>Options of a section as raw values (lists stay lists), in .NET string form.</summary>
    public static Dictionary<string, RawValue> RawOptions(UciSection s)
    {
        var raw = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        foreach (var o in s.Options)
        {
            raw[UciText.ToUnicode(o.Name)] = o.IsList
                ? RawValue.OfList(o.Items!.Select(UciText.ToUnicode).ToArray())
                : RawValue.Of(UciText.ToUnicode(o.Value!));
        }
        return raw;
    }

    public static string? Proto(UciSection s) => s.FindOption("proto") is { IsList: false } o ? UciText.ToUnicode(o.Value!) : null;

    /// <summary>Sections of type interface with proto huaweiwwan, in file order.</summary>
    public static IEnumerable<UciSection> HuaweiInterfaces(UciPackage network) =>
        network.Sections.Where(s => s.Type == "interface" && Proto(s) == OptionSchema.ProtocolName);
}
