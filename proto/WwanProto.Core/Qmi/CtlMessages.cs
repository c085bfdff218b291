namespace WwanProto.Core.Qmi;

/// <summary>CTL (service 0): client ids, version list, sync. TLV ids from libqmi's qmi-service-ctl.json.</summary>
public static class CtlMessages
{
    public sealed record ServiceVersion(byte Service, ushort Major, ushort Minor);

    public static QmiRequest AllocateCid(QmiService service) =>
        new(QmiMessages.CtlAllocateCid, new QmiTlvWriter().U8(0x01, (byte)service).ToArray());

    public static QmiRequest ReleaseCid(QmiService service, byte clientId) =>
        new(QmiMessages.CtlReleaseCid, new QmiTlvWriter().Begin(0x01).FieldU8((byte)service).FieldU8(clientId).End().ToArray());

    public static QmiRequest GetVersionInfo() => new(QmiMessages.CtlGetVersionInfo);

    /// <summary>Sync: the modem releases every client id of every service (a clean start after a crash).</summary>
    public static QmiRequest Sync() => new(QmiMessages.CtlSync);

    /// <summary>The client id the modem handed out for <paramref name="service"/> (TLV 0x01: service, cid).</summary>
    public static byte? AllocatedCid(QmiTlvReader answer, QmiService service)
    {
        if (answer.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var s = f.U8();
        var cid = f.U8();
        return f.Ok && s == (byte)service ? cid : null;
    }

    /// <summary>TLV 0x01: u8 count, then service u8, major u16, minor u16 per entry.</summary>
    public static IReadOnlyList<ServiceVersion> Versions(QmiTlvReader answer)
    {
        var list = new List<ServiceVersion>();
        if (answer.Get(0x01) is not { } v) return list;
        var f = new QmiFieldReader(v.Span);
        var count = f.U8() ?? 0;
        for (var i = 0; i < count; i++)
        {
            var s = f.U8();
            var major = f.U16();
            var minor = f.U16();
            if (!f.Ok) break;
            list.Add(new ServiceVersion(s!.Value, major!.Value, minor!.Value));
        }
        return list;
    }
}
