using System.Buffers;
using System.Globalization;
using System.Text.Json;
using WwanProto.Core.Config;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The protocol object netifd reads from `huaweiwwan.sh '' dump` at start: every option of
/// <see cref="OptionSchema"/> with its blobmsg type, and the handler flags.
/// </summary>
public static class NetifdDump
{
    // The flags, chosen for how this handler works:
    // - no-device: the modem is found by our own `device` option (USB path, vid:pid, IMEI ...), not a
    //   netdev netifd could claim; the netdev (wwan0/ppp) comes with the link-up notify as `ifname`.
    // - no-device-config: there is no main device, and our `device` option is not a netdev, so netifd must
    //   never try to apply device settings (mtu, macaddr ...) from it.
    // - no-proto-task false: setup always starts the session as the proto task (action 1); if it fails to,
    //   netifd's setup exit rule tears down at once, which is what we want.
    // - available true: nothing else (no hotplug helper) marks the interface available; the session waits
    //   for the modem itself (bounded, with backoff), as the 3g/ncm/qmi handlers do.
    // - renew-handler / restart-handler false: the session supervises and reconnects in place; a renew
    //   has nothing to add (the `renew` action is accepted and ignored should netifd send it anyway).
    // - lasterror true: transient failures are retried (the session backs off inside the handler), so
    //   without it the errors list would grow on every retry; the current problem is what users need.
    // - teardown-on-l3-link-down false: the data netdev's carrier is no signal of the call's state; the
    //   session reports loss itself (link-up false) and reconnects in place.
    public static readonly IReadOnlyList<KeyValuePair<string, bool>> Flags =
    [
        new("no-device", true),
        new("no-device-config", true),
        new("no-proto-task", false),
        new("available", true),
        new("renew-handler", false),
        new("restart-handler", false),
        new("lasterror", true),
        new("teardown-on-l3-link-down", false),
    ];

    /// <summary>
    /// The validator suffix netifd splits off at ':' and shows as `validate` (LuCI/`ubus call network
    /// get_proto_handlers`). Only numeric ranges are stated: they are exact. Strings get none — no uci
    /// datatype matches a USB path / vid:pid / IMEI selector (`device:device` would mean a netdev name),
    /// nor an APN, PIN or dial string exactly; bools are typed already.
    /// </summary>
    public static string? Validator(OptionSpec spec)
    {
        if (spec.Datatype is { } explicitType) return explicitType;
        if (spec.Type != OptionType.Int) return null;
        var inv = CultureInfo.InvariantCulture;
        if (spec.Min == int.MinValue && spec.Max == int.MaxValue) return "integer";
        if (spec.Max == int.MaxValue) return spec.Min == 0 ? "uinteger" : $"min({spec.Min.ToString(inv)})";
        return $"range({spec.Min.ToString(inv)},{spec.Max.ToString(inv)})";
    }

    public static string DumpName(OptionSpec spec) => Validator(spec) is { } v ? $"{spec.Name}:{v}" : spec.Name;

    public static void Write(Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WriteString("name", OptionSchema.ProtocolName);
        j.WriteStartArray("config");
        foreach (var spec in OptionSchema.All)
        {
            j.WriteStartArray();
            j.WriteStringValue(DumpName(spec));
            j.WriteNumberValue((int)spec.Type);
            j.WriteEndArray();
        }
        j.WriteEndArray();
        foreach (var (flag, value) in Flags) j.WriteBoolean(flag, value);
        j.WriteEndObject();
    }

    /// <summary>The dump as UTF-8 bytes, newline-terminated (netifd reads it line by line).</summary>
    public static byte[] ToUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var j = new Utf8JsonWriter(buffer)) Write(j);
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
