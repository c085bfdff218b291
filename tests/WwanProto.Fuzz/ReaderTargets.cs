using WwanProto.Core.At;
using WwanProto.Core.HiLink;
using WwanProto.Core.Qmi;
using WwanProto.Core.Sms;

namespace WwanProto.Fuzz;

/// <summary>Calls for the rows of the binary and HTTP readers (QMI, HiLink web API, SMS PDUs).</summary>
public static class ReaderTargets
{
    /// <summary>
    /// Bytes from /dev/cdc-wdmN in reads of 1 to 64 bytes (the first byte picks the size: a pty splits and merges),
    /// every frame the framer cuts through every decoder the product calls on an answer or indication.
    /// </summary>
    public static void Qmi(byte[] b)
    {
        var framer = new QmuxFramer();
        var chunk = b.Length == 0 ? 1 : 1 + b[0] % 64;
        for (var at = 0; at < b.Length; at += chunk)
        {
            framer.Append(b.AsSpan(at, Math.Min(chunk, b.Length - at)));
            while (framer.Next(out var dropped) is var m && (m is not null || dropped is not null))
                if (m is not null) DecodeQmi(m);
        }
    }

    public static void DecodeQmi(QmiMessage m)
    {
        var r = new QmiTlvReader(m);
        _ = r.Result();
        _ = CtlMessages.AllocatedCid(r, m.Service);
        _ = CtlMessages.Versions(r);
        _ = DmsMessages.ReadIds(r);
        _ = DmsMessages.ReadPin1(r);
        _ = DmsMessages.ReadRetries(r);
        _ = DmsMessages.ReadText(r);
        _ = DmsMessages.ReadOperatingMode(r);
        _ = DmsMessages.ReadUimState(r);
        _ = NasMessages.ReadServingSystem(r);
        _ = NasMessages.ReadSignal(r);
        _ = NasMessages.ReadModePreference(r);
        _ = WdsMessages.ReadStart(r).End.ToString();
        _ = WdsMessages.ReadStatus(r);
        _ = WdsMessages.ReadStatusIndication(r);
        _ = WdsMessages.ReadSettings(r).ToString();
        _ = WdsMessages.ReadSettings(r).Ipv4Prefix;
        _ = WdaMessages.ReadLinkLayer(r);
        _ = WmsMessages.ReadList(r);
        if (WmsMessages.ReadRaw(r) is { } raw) _ = SmsPduReader.Read(raw.Data);
        _ = WmsMessages.ReadRoutes(r);
        if (WmsMessages.ReadEventReport(r)?.Routed is { } routed) _ = SmsPduReader.Read(routed.Tpdu, withSmsc: false);
        _ = WmsMessages.ReadMessageId(r);
        if (WmsMessages.ReadSendFailure(r) is { } failure) _ = WmsCauses.Describe(failure);
        _ = WmsMessages.ReadStoreSize(r);
        _ = WmsMessages.ReadSmsc(r);
        _ = VoiceMessages.ReadOriginate(r);
        _ = VoiceMessages.ReadUssdIndication(r);
        _ = m.ToString();
    }

    /// <summary>
    /// One answer of the stick's web server, as the client sees it: first while bytes still arrive, then after the
    /// peer closed; the body of a complete answer goes through the XML reader as the client does.
    /// </summary>
    public static void HiLinkHttp(byte[] b)
    {
        HiLinkHttpParse(b, complete: false);
        if (HiLinkHttpParse(b, complete: true) is { } response) HiLinkXml(response.Body);
    }

    private static HttpResponse? HiLinkHttpParse(byte[] b, bool complete)
    {
        if (HttpResponseParser.TryParse(b, complete) is not { } response) return null;
        _ = response.Header("Set-Cookie");
        _ = response.All("set-cookie");
        _ = response.Header("__RequestVerificationToken");
        return response;
    }

    /// <summary>The web API's XML (UTF-8 body), and what the client reads from the root.</summary>
    public static void HiLinkXml(byte[] b)
    {
        var root = FlatXmlReader.Parse(FuzzInput.Utf8(b));
        _ = root.Int("code");
        _ = root.Value("ConnectionStatus");
        _ = root.Child("Profiles")?.Children.Count;
        foreach (var child in root.Children) _ = child.Int(child.Name);
    }

    /// <summary>The SMS and USSD answers of the web API: every reading the HiLink messaging takes from the root, and each listed message as a message.</summary>
    public static void HiLinkSms(byte[] b)
    {
        var root = FlatXmlReader.Parse(FuzzInput.Utf8(b));
        foreach (var m in HiLinkSmsXml.List(root).Messages)
        {
            _ = WwanProto.Core.Sms.HiLinkMessaging.ToMessage(m, 1);
            _ = WwanProto.Core.Sms.HiLinkMessaging.ToMessage(m, 2);
        }
        _ = HiLinkSmsXml.Count(root);
        var status = HiLinkSmsXml.SendStatus(root);
        _ = status.Failed("+4917612345678") || status.Succeeded("+4917612345678");
        _ = HiLinkSmsXml.Notifications(root);
        _ = root.Child("content")?.Text;
    }

    /// <summary>
    /// A PDU as bytes with and without its SMSC field, and as the text of +CMGL/+CMT lines: the bytes in hex, and the
    /// bytes as they are, both in lines no longer than the AT framer makes them (4,096 characters).
    /// </summary>
    public static void SmsPdu(byte[] b)
    {
        Describe(SmsPduReader.Read(b, withSmsc: true));
        Describe(SmsPduReader.Read(b, withSmsc: false));
        for (var at = 0; at < b.Length; at += AtLineBytes / 2)
            Describe(SmsPduReader.Read(Convert.ToHexString(b.AsSpan(at, Math.Min(AtLineBytes / 2, b.Length - at)))));
        var framer = new AtLineFramer();
        for (var data = b.AsSpan(); !data.IsEmpty;)
        {
            data = data[framer.Next(data, out var line)..];
            if (line is not null) Describe(SmsPduReader.Read(line));
        }
        if (framer.Partial is { Length: > 0 } rest) Describe(SmsPduReader.Read(rest));
    }

    /// <summary>The longest line the AT framer hands over.</summary>
    private const int AtLineBytes = 4096;

    private static void Describe(SmsPdu? pdu) => _ = pdu?.ToString();
}
