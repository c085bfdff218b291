using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WwanProto.Core.Ubus;

/// <summary>
/// JSON &lt;-&gt; blobmsg, with libubox blobmsg_json's type choices: integers that fit in 32 bits become
/// INT32 (netifd's policies expect INT32 for "action"), larger ones INT64, fractions DOUBLE, true/false
/// INT8, null UNSPEC. Back to JSON: INT8 is a boolean, the other integers numbers.
/// </summary>
public static class BlobmsgJson
{
    /// <summary>Encodes a JSON object's members as blobmsg attributes (the content of a table).</summary>
    public static byte[] FromJson(string json)
    {
        var w = new BlobWriter();
        WriteObjectMembers(w, Encoding.UTF8.GetBytes(json));
        return w.ToArray();
    }

    /// <summary>Appends the members of the JSON object in <paramref name="utf8Json"/> to <paramref name="w"/>.</summary>
    public static void WriteObjectMembers(BlobWriter w, ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("expected a JSON object");
            WriteMembers(w, ref reader);
            if (reader.Read()) throw new FormatException("unexpected data after the JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid JSON: {e.Message}", e);
        }
    }

    private static void WriteMembers(BlobWriter w, ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            WriteValue(w, name, ref reader);
        }
    }

    private static void WriteValue(BlobWriter w, string? name, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var t = w.OpenTable(name);
                WriteMembers(w, ref reader);
                w.Close(t);
                break;
            case JsonTokenType.StartArray:
                var a = w.OpenArray(name);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) WriteValue(w, null, ref reader);
                w.Close(a);
                break;
            case JsonTokenType.String:
                w.String(name, reader.GetString()!);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                w.Bool(name, reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.Null:
                w.Unspec(name);
                break;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var l))
                {
                    if (l is >= int.MinValue and <= int.MaxValue) w.Int32(name, (int)l);
                    else w.Int64(name, l);
                }
                else w.Double(name, reader.GetDouble());
                break;
            default:
                throw new FormatException($"unexpected JSON token {reader.TokenType}");
        }
    }

    /// <summary>Renders blobmsg attributes (a table's content) as a JSON object.</summary>
    public static string ToJson(ReadOnlyMemory<byte> tableContent, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, SkipValidation = false }))
        {
            WriteObject(j, BlobAttr.Parse(tableContent));
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes blobmsg attributes as the members of a new JSON object.</summary>
    public static void WriteObject(Utf8JsonWriter j, IEnumerable<BlobAttr> attrs)
    {
        j.WriteStartObject();
        foreach (var a in attrs)
        {
            j.WritePropertyName(a.Name);
            WriteValue(j, a);
        }
        j.WriteEndObject();
    }

    /// <summary>Deeper nesting than any ubus object uses is malformed input (and would overflow the writer's depth limit).</summary>
    public const int MaxDepth = 64;

    public static void WriteValue(Utf8JsonWriter j, BlobAttr a)
    {
        if (j.CurrentDepth >= MaxDepth) throw new InvalidDataException($"malformed blobmsg: nested deeper than {MaxDepth} levels");
        switch (a.Type)
        {
            case BlobmsgType.Table:
                WriteObject(j, a.Children());
                break;
            case BlobmsgType.Array:
                j.WriteStartArray();
                foreach (var c in a.Children()) WriteValue(j, c);
                j.WriteEndArray();
                break;
            // JSON has no NaN or infinity (libubox would print "nan", which no JSON reader takes): null.
            case BlobmsgType.Double when !double.IsFinite(a.GetDouble()): j.WriteNullValue(); break;
            case BlobmsgType.String: j.WriteStringValue(a.GetString()); break;
            case BlobmsgType.Int64: j.WriteNumberValue(a.GetInt64()); break;
            case BlobmsgType.Int32: j.WriteNumberValue(a.GetInt32()); break;
            case BlobmsgType.Int16: j.WriteNumberValue(a.GetInt16()); break;
            case BlobmsgType.Int8: j.WriteBooleanValue(a.GetBool()); break;
            case BlobmsgType.Double: j.WriteNumberValue(a.GetDouble()); break;
            default: j.WriteNullValue(); break;
        }
    }

    /// <summary>A blobmsg scalar as the text UCI would hold (true → "1"); null for containers.</summary>
    public static string? ScalarText(BlobAttr a) => a.Type switch
    {
        BlobmsgType.String => a.GetString(),
        BlobmsgType.Int8 => a.GetBool() ? "1" : "0",
        BlobmsgType.Int16 or BlobmsgType.Int32 or BlobmsgType.Int64 => a.GetInteger()!.Value.ToString(CultureInfo.InvariantCulture),
        BlobmsgType.Double => a.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };
}
