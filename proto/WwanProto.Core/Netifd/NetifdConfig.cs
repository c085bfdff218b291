using System.Globalization;
using System.Text;
using System.Text.Json;
using WwanProto.Core.Config;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The config JSON netifd passes to setup/teardown (the UCI section, typed as the dump declared):
/// turned back into the strings and lists UCI holds, so <see cref="OptionParser"/> sees the same values
/// whether they came from netifd or from a UCI file (true → "1", 5 → "5").
/// </summary>
public static class NetifdConfig
{
    public static Dictionary<string, RawValue> Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>The same from UTF-8 bytes (the fuzzer feeds these; invalid UTF-8 is a FormatException like bad JSON).</summary>
    public static Dictionary<string, RawValue> Parse(ReadOnlySpan<byte> utf8Json)
    {
        var raw = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("the config argument is not a JSON object");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    var list = new List<string>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        list.Add(Scalar(ref reader, name) ?? "");
                    raw[name] = RawValue.OfList(list);
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    reader.Skip(); // netifd never sends tables here; nothing in our schema takes one
                }
                else if (Scalar(ref reader, name) is { } value)
                {
                    raw[name] = RawValue.Of(value);
                }
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"the config argument is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // GetString on a lone \uD800 escape (the reader checks structure, not string contents).
            throw new FormatException("the config argument holds a string with an unpaired UTF-16 surrogate escape", e);
        }
        return raw;
    }

    private static string? Scalar(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.True => "1",
        JsonTokenType.False => "0",
        JsonTokenType.Number => reader.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture)
            : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        JsonTokenType.StartArray or JsonTokenType.StartObject => throw new FormatException($"option '{name}': nested lists are not supported"),
        _ => throw new FormatException($"option '{name}': unexpected JSON {reader.TokenType}"),
    };
}
