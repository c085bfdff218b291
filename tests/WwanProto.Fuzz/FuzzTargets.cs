using System.Text;
using WwanProto.Core.At;
using WwanProto.Core.Config;
using WwanProto.Core.HiLink;
using WwanProto.Core.Links.Ppp;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Netifd;
using WwanProto.Core.Setup;
using WwanProto.Core.Standalone;
using WwanProto.Core.Ubus;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;
using WwanProto.Uci;
using static WwanProto.Fuzz.FuzzInput;

namespace WwanProto.Fuzz;

/// <summary>
/// Every parser of untrusted input, one row each: name, seed folder (Seeds/NAME), the exception types the
/// parser documents for bad input (None: it answers null/false/an error value and must never throw), and the
/// call. To add a parser: add seeds of real input under Seeds/ and one row here.
/// </summary>
public static class FuzzTargets
{
    private static readonly Type[] None = [];

    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        // Modem answers and URCs (bytes from the tty).
        new("at-framer", "at", None, AtTargets.Frame),
        new("at-final", "at", None, b => EachAtLine(b, l => { AtFinalResult.TryParse(l, out _, out _, out _); AtFinalResult.ConnectRate(l); })),
        new("at-urc", "at", None, b => EachAtLine(b, l => { AtUrcs.IsPlainUrc(l); AtUrcs.GluedAfterFinal(l); })),
        new("at-response", "at", None, AtTargets.Response),
        new("ati", "at", None, b => AtiParser.Parse(Latin1(b).Split('\n'))),
        new("cops", "at", None, b => EachAtLine(b, l => { CopsParser.ParseCurrent(l); CopsParser.ParseScan(l); })),
        new("dhcp-at", "at", None, b => EachAtLine(b, l => { DhcpParser.ParseDhcp(l); DhcpParser.ParseDhcpv6(l); })),
        new("ndisstat", "at", None, b => EachAtLine(b, l => { NdisStatParser.Parse(l); NdisStatParser.ParseConnectedCids(l); })),
        new("portmode", "at", None, b => EachAtLine(b, l => PortModeParser.Parse(l))),
        new("registration", "at", None, b => EachAtLine(b, l => { if (RegistrationParser.Parse(l) is { } r) { _ = r.LacValue; _ = r.CiValue; } })),
        new("setport", "at", None, b => EachAtLine(b, l => { SetPortParser.Parse(l); SetPortParser.ParseSupportedLine(l); })),
        new("signal", "at", None, b => EachAtLine(b, l => { SignalParser.ParseCsq(l); SignalParser.ParseRssiUrc(l); SignalParser.ParseHcsq(l); })),
        new("sim-pin", "at", None, b => EachAtLine(b, l => { SimPinParser.ParseCpin(l); SimPinParser.ParseHuaweiCpin(l); })),
        new("syscfg", "at", None, b => EachAtLine(b, l => { SysCfgParser.ParseSysCfg(l); SysCfgParser.ParseSysCfgEx(l); })),
        new("sysinfo", "at", None, b => EachAtLine(b, l => { SysInfoParser.ParseSysInfo(l); SysInfoParser.ParseSysInfoEx(l); })),
        new("getportmode", "at", None, b => EachAtLine(b, l => GetPortModeParser.Parse(l))),

        // Files other packages own.
        new("usb-mode-json", "usb-mode-json", [typeof(UsbModeConfigException)], b => UsbModeJson.Parse(b)),
        new("uci", "uci", [typeof(UciException)], UciTargets.Import),
        new("wvdial", "wvdial", None, b => WvdialImport.Parse(Utf8(b), null)),
        new("nm-keyfile", "nm-keyfile", None, b => NetworkManagerImport.Parse(Utf8(b))),
        new("dhcp-lease", "dhcp-lease", None, b => { var l = Lines(b); DhcpLease.ParseV4(l); DhcpLease.ParseV6(l); DhcpLease.ParseV6Dns(l); }),
        new("ppp-log", "ppp-log", None, b => { var p = new PppLogParser(); EachUtf8Line(b, l => p.Feed(l)); }),

        // netifd's config argument, option values, our own session file (a disk can corrupt it).
        new("netifd-config", "netifd-config", [typeof(FormatException)], b => OptionParser.Parse(NetifdConfig.Parse(b))),
        new("option-values", "option-values", None, OptionTargets.Parse),
        new("session-config", "session-config", [typeof(InvalidDataException)], b => SessionConfigFile.Parse(b, "fuzz.config.json")),

        // ubusd's socket.
        new("ubus-message", "ubus", [typeof(InvalidDataException)], BlobTargets.Message) { Separator = [] },
        new("blob", "ubus", [typeof(InvalidDataException)], BlobTargets.Walk) { Separator = [], SeedMap = BlobTargets.Body },
        new("blobmsg-json", "ubus", [typeof(InvalidDataException)], b => BlobmsgJson.ToJson(b)) { Separator = [], SeedMap = BlobTargets.Body },

        // The QMI control plane (/dev/cdc-wdmN), the HiLink stick's web server, SMS PDUs the modem lists.
        new("qmi", "qmi", None, ReaderTargets.Qmi) { Separator = [] },
        new("hilink-http", "hilink-http", [typeof(HttpFormatException), typeof(HiLinkXmlException)], ReaderTargets.HiLinkHttp) { Separator = [] },
        new("hilink-xml", "hilink-xml", [typeof(HiLinkXmlException)], ReaderTargets.HiLinkXml),
        new("sms-pdu", "sms-pdu", None, ReaderTargets.SmsPdu) { Separator = [] },
        new("hilink-sms", "hilink-sms", [typeof(HiLinkXmlException)], ReaderTargets.HiLinkSms),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}

/// <summary>Calls for the AT rows that need more than one line of code.</summary>
internal static class AtTargets
{
    /// <summary>The byte stream in reads of 1 to 8 bytes (the first byte picks the size), every line through every line parser.</summary>
    public static void Frame(byte[] b)
    {
        var framer = new AtLineFramer();
        var chunk = b.Length == 0 ? 1 : 1 + b[0] % 8;
        for (var at = 0; at < b.Length; at += chunk)
        {
            var data = b.AsSpan(at, Math.Min(chunk, b.Length - at));
            while (data.Length > 0)
            {
                var used = framer.Next(data, out var line);
                data = data[used..];
                if (line is not null) RegistrationParser.Parse(line);
            }
        }
        _ = framer.Partial;
    }

    /// <summary>An answer as the channel collects it: its lines one by one into a list, the last one as the final result.</summary>
    public static void Response(byte[] b)
    {
        var lines = new List<string>();
        EachAtLine(b, lines.Add);
        if (lines.Count == 0) lines.Add("");
        var final = lines[^1];
        lines.RemoveAt(lines.Count - 1);
        AtFinalResult.TryParse(final, out var kind, out var code, out var text);
        var response = new AtResponse("AT", lines, kind, final) { ErrorCode = code, ErrorText = text };
        response.Describe();
        var first = lines.Count > 0 ? lines[0] : final;
        response.Line(first.Length > 3 ? first[..3] : first);
    }
}

internal static class UciTargets
{
    public static void Import(byte[] b)
    {
        var uci = new UciContext { ErrorSink = _ => { } };
        UciPackage? package = null;
        using var input = new ByteInput(new MemoryStream(b));
        uci.Import(input, "network", ref package, true);
        if (package is not null) UciExport.Write(package, true, true);
    }
}

internal static class OptionTargets
{
    /// <summary>"name=value" lines (a repeated name becomes a list) through the one option parser.</summary>
    public static void Parse(byte[] b)
    {
        var raw = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        EachUtf8Line(b, line =>
        {
            var eq = line.IndexOf('=');
            if (eq <= 0) return;
            var name = line[..eq];
            if (!raw.TryGetValue(name, out var values)) raw[name] = values = [];
            values.Add(line[(eq + 1)..]);
        });
        OptionParser.Parse(raw.ToDictionary(r => r.Key, r => r.Value.Count == 1 ? RawValue.Of(r.Value[0]) : RawValue.OfList(r.Value)), rejectUnknown: true);
    }
}

internal static class BlobTargets
{
    /// <summary>The blob of a ubus frame without the 12-byte message header and the 4-byte blob header.</summary>
    public static byte[] Body(byte[] frame) => frame.Length > 16 ? frame[16..] : frame;

    public static void Message(byte[] b)
    {
        var m = UbusMessage.Decode(b);
        m.UInt32(UbusAttr.Status);
        m.UInt32(UbusAttr.ObjId);
        m.UInt32(UbusAttr.ObjType);
        m.String(UbusAttr.ObjPath);
        m.String(UbusAttr.Method);
        foreach (var id in new[] { UbusAttr.Data, UbusAttr.Signature })
            if (m.Attr(id) is { } a) BlobmsgJson.ToJson(a.Data);
    }

    public static void Walk(byte[] b)
    {
        foreach (var a in BlobAttr.Parse(b)) Visit(a);
    }

    /// <summary>Every accessor a handler may call on an attribute, recursively into containers.</summary>
    private static void Visit(BlobAttr a, int depth = 0)
    {
        _ = a.Name;
        _ = a.Data;
        BlobmsgJson.ScalarText(a);
        a.GetInteger();
        if (a.Type == BlobmsgType.String) a.GetString();
        if (a.Type == BlobmsgType.Double) a.GetDouble();
        if (a.Type is BlobmsgType.Table or BlobmsgType.Array && depth < 64)
            foreach (var c in a.Children()) Visit(c, depth + 1);
    }
}
