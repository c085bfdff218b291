using System.Globalization;
using System.Text.Json;

namespace WwanProto.Core.Usb.Switching;

/// <summary>
/// Reads OpenWrt's /etc/usb-mode.json as usbmode does (openwrt-handlers.md §4.2): "messages" is an array
/// of hex strings; "devices" maps "vvvv:pppp" to match keys ("*", ":uMa=...") to an entry whose "msg"
/// holds indices into "messages". Fields usbmode ignores (wait, reset, ...) are ignored here too.
/// JsonDocument is the reflection-free DOM over Utf8JsonReader.
/// </summary>
public static class UsbModeJson
{
    public const string DefaultPath = "/etc/usb-mode.json";

    /// <summary>The rules in <paramref name="path"/>; empty when the file does not exist (usbmode not installed).</summary>
    public static IReadOnlyList<SwitchRule> Load(string path)
    {
        if (!File.Exists(path)) return [];
        try
        {
            return Parse(BoundedFile.ReadAllBytes(path, BoundedFile.ConfigLimit), path);
        }
        catch (IOException e) { throw new UsbModeConfigException(IoErrorText.Of(e, path)); }
        catch (UnauthorizedAccessException e) { throw new UsbModeConfigException(IoErrorText.Of(e, path)); }
    }

    public static IReadOnlyList<SwitchRule> Parse(ReadOnlySpan<byte> json, string name = "usb-mode.json")
    {
        // JsonDocument checks structure, not string contents: invalid UTF-8 or a lone \uD800 escape only
        // fails when a name or value is read, as an InvalidOperationException. Any of those is a broken file.
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new UsbModeConfigException($"{name}: not UTF-8 text (invalid byte sequence at offset {InvalidUtf8Offset(json)})");
        try
        {
            return ParseDocument(json, name);
        }
        catch (InvalidOperationException)
        {
            throw new UsbModeConfigException($"{name}: a string holds an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF)");
        }
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> bytes)
    {
        var valid = 0;
        while (System.Text.Rune.DecodeFromUtf8(bytes[valid..], out _, out var used) == System.Buffers.OperationStatus.Done) valid += used;
        return valid;
    }

    private static IReadOnlyList<SwitchRule> ParseDocument(ReadOnlySpan<byte> json, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e) { throw new UsbModeConfigException($"{name}: not valid JSON ({e.Message})"); }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new UsbModeConfigException($"{name}: the top level is not an object");
            var messages = ReadMessages(root, name);
            var rules = new List<SwitchRule>();
            if (!root.TryGetProperty("devices", out var devices)) return rules;
            if (devices.ValueKind != JsonValueKind.Object) throw new UsbModeConfigException($"{name}: \"devices\" is not an object");
            foreach (var device in devices.EnumerateObject())
            {
                if (!UsbIds.TryParse(device.Name, out var vendor, out var product))
                    throw new UsbModeConfigException($"{name}: devices key \"{device.Name}\" is not vvvv:pppp");
                if (device.Value.ValueKind != JsonValueKind.Object)
                    throw new UsbModeConfigException($"{name}: devices.{device.Name} is not an object");
                foreach (var match in device.Value.EnumerateObject())
                    rules.Add(ReadRule(vendor, product, match.Name, match.Value, messages, $"{name}: devices.\"{device.Name}\".\"{match.Name}\""));
            }
            return rules;
        }
    }

    private static byte[][] ReadMessages(JsonElement root, string name)
    {
        if (!root.TryGetProperty("messages", out var array)) return [];
        if (array.ValueKind != JsonValueKind.Array) throw new UsbModeConfigException($"{name}: \"messages\" is not an array");
        var list = new List<byte[]>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var hex = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (hex is null || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
                throw new UsbModeConfigException($"{name}: messages[{index}] is not an even-length hex string");
            list.Add(Convert.FromHexString(hex));
            index++;
        }
        return list.ToArray();
    }

    private static SwitchRule ReadRule(int vendor, int product, string matchKey, JsonElement entry, byte[][] messages, string where)
    {
        if (entry.ValueKind != JsonValueKind.Object) throw new UsbModeConfigException($"{where} is not an object");
        var msg = new List<byte[]>();
        if (entry.TryGetProperty("msg", out var indices))
        {
            foreach (var item in Ints(indices, where + ".msg"))
            {
                if (item < 0 || item >= messages.Length)
                    throw new UsbModeConfigException($"{where}.msg: index {item} is out of range ({messages.Length} messages)");
                msg.Add(messages[item]);
            }
        }
        return new SwitchRule
        {
            Vendor = vendor,
            Product = product,
            MatchKey = matchKey,
            Mode = entry.TryGetProperty("mode", out var mode) && mode.ValueKind == JsonValueKind.String ? mode.GetString()! : "Generic",
            Messages = msg,
            TargetVendor = Int(entry, "t_vendor", where),
            TargetProducts = entry.TryGetProperty("t_product", out var targets) ? Ints(targets, where + ".t_product") : [],
            TargetClass = Int(entry, "t_class", where),
            Interface = Int(entry, "interface", where),
            MessageEndpoint = Int(entry, "msg_endpoint", where),
            ResponseEndpoint = Int(entry, "response_endpoint", where),
            Response = entry.TryGetProperty("response", out var response) && response.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.Number => response.TryGetInt32(out var r) && r != 0,
                _ => false,
            },
            Configuration = Int(entry, "config", where),
            Source = "usb-mode.json",
        };
    }

    private static int? Int(JsonElement entry, string property, string where)
    {
        if (!entry.TryGetProperty(property, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw new UsbModeConfigException($"{where}.{property} is not a number"),
        };
    }

    /// <summary>A number array, or a single number (the converter emits both shapes).</summary>
    private static int[] Ints(JsonElement value, string where)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var single)) return [single];
        if (value.ValueKind != JsonValueKind.Array) throw new UsbModeConfigException($"{where} is not an array of numbers");
        var list = new List<int>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var n))
                throw new UsbModeConfigException($"{where} holds a non-number");
            list.Add(n);
        }
        return list.ToArray();
    }
}
