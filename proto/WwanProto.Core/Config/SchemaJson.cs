using System.Text.Encodings.Web;
using System.Text.Json;

namespace WwanProto.Core.Config;

/// <summary>
/// <see cref="OptionSchema.All"/> as JSON, for tools outside the binary (the LuCI form's build-time
/// check, docs). Written with Utf8JsonWriter: no serializer reflection.
/// </summary>
public static class SchemaJson
{
    public static void Write(Stream output, bool indented)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("name", OptionSchema.ProtocolName);
        w.WriteStartArray("options");
        foreach (var o in OptionSchema.All) WriteOption(w, o);
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteOption(Utf8JsonWriter w, OptionSpec o)
    {
        w.WriteStartObject();
        w.WriteString("name", o.Name);
        w.WriteString("type", TypeName(o.Type));
        w.WriteNumber("blobmsg_type", (int)o.Type);
        w.WriteString("label", o.Label);
        w.WriteString("description", o.Description);
        w.WriteString("tab", o.Tab == OptionTab.Advanced ? "advanced" : "general");
        if (o.Default is { } d) w.WriteString("default", d);
        if (o.Choices is { } choices)
        {
            w.WriteStartArray("choices");
            foreach (var c in choices) w.WriteStringValue(c);
            w.WriteEndArray();
        }
        if (o.Min != int.MinValue) w.WriteNumber("min", o.Min);
        if (o.Max != int.MaxValue) w.WriteNumber("max", o.Max);
        w.WriteBoolean("secret", o.Secret);
        w.WriteBoolean("generic", o.Generic);
        w.WriteEndObject();
    }

    private static string TypeName(OptionType t) => t switch
    {
        OptionType.Array => "array",
        OptionType.Int => "int",
        OptionType.Bool => "bool",
        _ => "string",
    };
}
