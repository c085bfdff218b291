using System.Net;

namespace WwanProto.Core.Qmi;

/// <summary>
/// WDS (service 1): the data call. TLV ids and enums from libqmi's qmi-service-wds.json / qmi-enums-wds.h.
/// IPv4 addresses in Get Current Settings are little-endian u32 whose most significant byte is the first octet.
/// </summary>
public static class WdsMessages
{
    /// <summary>The handle Stop Network takes to end a call this client did not start (libqmi's global handle).</summary>
    public const uint GlobalHandle = 0xFFFFFFFF;

    /// <summary>QmiWdsConnectionStatus.</summary>
    public enum ConnectionStatus : byte { Unknown = 0, Disconnected = 1, Connected = 2, Suspended = 3, Authenticating = 4 }

    /// <summary>QmiWdsIpFamily.</summary>
    public enum IpFamily : byte { Unspecified = 8, IPv4 = 4, IPv6 = 6 }

    /// <summary>QmiWdsAuthentication bits.</summary>
    [Flags]
    public enum Authentication : byte { None = 0, Pap = 1, Chap = 2 }

    /// <summary>QmiWdsRequestedSettings: DNS (bit 4), IP address (bit 8), gateway (bit 9), MTU (bit 13), IP family (bit 15).</summary>
    public const uint RequestedSettings = (1u << 4) | (1u << 8) | (1u << 9) | (1u << 13) | (1u << 15);

    public sealed record CallEnd(ushort? Reason, ushort? VerboseType, short? VerboseReason)
    {
        public override string ToString()
        {
            var parts = new List<string>();
            if (Reason is { } r) parts.Add($"call end reason {r}{Named(CallEndNames, r)}");
            if (VerboseType is { } t && VerboseReason is { } v)
                parts.Add($"verbose {(t == 6 ? "3gpp" : t == 2 ? "internal" : t.ToString())} {v}{(t == 6 ? Named(ThreeGppNames, (ushort)v) : "")}");
            return parts.Count == 0 ? "no end reason given" : string.Join(", ", parts);
        }

        /// <summary>The network refused the APN (3GPP cause 27 / end reason 1013): a configuration problem, not a glitch.</summary>
        public bool IsApnRejected => Reason == 1013 || (VerboseType == 6 && VerboseReason == 27);
        /// <summary>PAP/CHAP refused (3GPP cause 29 / generic end reason 10).</summary>
        public bool IsAuthFailed => Reason == 10 || (VerboseType == 6 && VerboseReason == 29);
    }

    private static string Named(IReadOnlyDictionary<ushort, string> names, ushort code) =>
        names.TryGetValue(code, out var n) ? $" ({n})" : "";

    /// <summary>QmiWdsCallEndReason values the field meets.</summary>
    private static readonly Dictionary<ushort, string> CallEndNames = new()
    {
        [1] = "unspecified", [2] = "client end", [3] = "no service", [4] = "fade", [5] = "release normal",
        [10] = "authentication failed", [11] = "internal error",
        [1002] = "no service", [1003] = "network end", [1005] = "insufficient resources", [1008] = "regular deactivation",
        [1009] = "network failure", [1012] = "operator determined barring", [1013] = "unknown APN", [1014] = "unknown PDP",
        [1015] = "GGSN reject", [1016] = "activation reject", [1018] = "option unsubscribed",
    };

    /// <summary>3GPP TS 24.008 SM causes (QmiWdsVerboseCallEndReason3gpp).</summary>
    private static readonly Dictionary<ushort, string> ThreeGppNames = new()
    {
        [8] = "operator determined barring", [26] = "insufficient resources", [27] = "missing or unknown APN",
        [28] = "unknown PDP address or type", [29] = "user authentication failed", [30] = "activation rejected by GGSN",
        [31] = "activation rejected", [33] = "option not subscribed", [36] = "regular deactivation", [38] = "network failure",
    };

    public sealed record StartResult(uint? Handle, CallEnd End);
    public sealed record PacketStatus(ConnectionStatus Status, bool ReconfigurationRequired, CallEnd End, IpFamily? Family);

    public sealed record Settings(
        IPAddress? Ipv4, IPAddress? Ipv4Gateway, IPAddress? Ipv4Mask, IReadOnlyList<IPAddress> Ipv4Dns,
        IPAddress? Ipv6, int? Ipv6Prefix, IPAddress? Ipv6Gateway, IReadOnlyList<IPAddress> Ipv6Dns, uint? Mtu, IpFamily? Family)
    {
        /// <summary>Prefix length of the IPv4 subnet mask (a /30 from 255.255.255.252); 32 without a mask.</summary>
        public int Ipv4Prefix
        {
            get
            {
                if (Ipv4Mask is null) return 32;
                var b = Ipv4Mask.GetAddressBytes();
                var bits = 0;
                foreach (var x in b) bits += System.Numerics.BitOperations.PopCount(x);
                return bits;
            }
        }
    }

    /// <summary>
    /// Start Network: APN (0x14), authentication (0x16), username (0x17), password (0x18), IP family (0x19).
    /// The bytes hold the password: never log them.
    /// </summary>
    public static QmiRequest StartNetwork(string? apn, Authentication? auth, string? username, string? password, IpFamily? family)
    {
        var w = new QmiTlvWriter();
        if (!string.IsNullOrEmpty(apn)) w.String(0x14, apn);
        if (auth is { } a) w.U8(0x16, (byte)a);
        if (!string.IsNullOrEmpty(username)) w.String(0x17, username);
        if (!string.IsNullOrEmpty(password)) w.String(0x18, password);
        if (family is { } f) w.U8(0x19, (byte)f);
        return new QmiRequest(QmiMessages.WdsStartNetwork, w.ToArray());
    }

    /// <summary>Stop Network: the packet data handle (0x01); with the global handle also "disable autoconnect" (0x10).</summary>
    public static QmiRequest StopNetwork(uint handle)
    {
        var w = new QmiTlvWriter().U32(0x01, handle);
        if (handle == GlobalHandle) w.U8(0x10, 1);
        return new QmiRequest(QmiMessages.WdsStopNetwork, w.ToArray());
    }

    public static QmiRequest GetPacketServiceStatus() => new(QmiMessages.WdsGetPacketServiceStatus);

    public static QmiRequest GetCurrentSettings() =>
        new(QmiMessages.WdsGetCurrentSettings, new QmiTlvWriter().U32(0x10, RequestedSettings).ToArray());

    /// <summary>Set IP Family (0x01): the family this client's later requests are about (IPv6 needs its own client).</summary>
    public static QmiRequest SetIpFamily(IpFamily family) =>
        new(QmiMessages.WdsSetIpFamily, new QmiTlvWriter().U8(0x01, (byte)family).ToArray());

    public static StartResult ReadStart(QmiTlvReader r) => new(r.U32(0x01), ReadEnd(r));

    private static CallEnd ReadEnd(QmiTlvReader r)
    {
        ushort? type = null;
        short? reason = null;
        if (r.Get(0x11) is { Length: >= 4 } v)
        {
            var f = new QmiFieldReader(v.Span);
            type = f.U16();
            reason = (short?)f.U16();
        }
        return new CallEnd(r.U16(0x10), type, reason);
    }

    /// <summary>Get Packet Service Status answer: TLV 0x01 is the status alone.</summary>
    public static ConnectionStatus? ReadStatus(QmiTlvReader r) => r.U8(0x01) is { } s ? (ConnectionStatus)s : null;

    /// <summary>Packet Service Status indication: TLV 0x01 is status + reconfiguration flag, then end reasons and family.</summary>
    public static PacketStatus? ReadStatusIndication(QmiTlvReader r)
    {
        if (r.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var status = f.U8();
        var reconfig = f.U8();
        if (!f.Ok) return null;
        return new PacketStatus((ConnectionStatus)status!.Value, reconfig != 0, ReadEnd(r), r.U8(0x12) is { } fam ? (IpFamily)fam : null);
    }

    public static Settings ReadSettings(QmiTlvReader r)
    {
        var dns4 = new List<IPAddress>();
        if (V4(r, 0x15) is { } d1) dns4.Add(d1);
        if (V4(r, 0x16) is { } d2) dns4.Add(d2);
        var dns6 = new List<IPAddress>();
        if (V6(r, 0x27) is { } e1) dns6.Add(e1);
        if (V6(r, 0x28) is { } e2) dns6.Add(e2);
        var (v6, prefix) = V6Prefixed(r, 0x25);
        var (gw6, _) = V6Prefixed(r, 0x26);
        return new Settings(V4(r, 0x1E), V4(r, 0x20), V4(r, 0x21), dns4, v6, prefix, gw6, dns6, r.U32(0x29),
            r.U8(0x2B) is { } fam ? (IpFamily)fam : null);
    }

    private static IPAddress? V4(QmiTlvReader r, byte tlv)
    {
        if (r.U32(tlv) is not { } v) return null;
        return new IPAddress([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
    }

    private static IPAddress? V6(QmiTlvReader r, byte tlv) =>
        r.Get(tlv) is { Length: >= 16 } v ? new IPAddress(v.Span[..16]) : null;

    private static (IPAddress?, int?) V6Prefixed(QmiTlvReader r, byte tlv) =>
        r.Get(tlv) is { Length: >= 17 } v ? (new IPAddress(v.Span[..16]), v.Span[16]) : (null, null);

    /// <summary>The little-endian u32 an IPv4 address is carried as (for encoders: the simulator, tests).</summary>
    public static uint V4Value(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }
}
