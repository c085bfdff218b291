namespace WwanProto.Core.Qmi;

/// <summary>DMS (service 2): identity, PIN, operating mode. TLV ids and enums from libqmi's qmi-service-dms.json / qmi-enums-dms.h.</summary>
public static class DmsMessages
{
    /// <summary>QmiDmsUimPinStatus.</summary>
    public enum PinState : byte
    {
        NotInitialized = 0, EnabledNotVerified = 1, EnabledVerified = 2, Disabled = 3,
        Blocked = 4, PermanentlyBlocked = 5, Unblocked = 6, Changed = 7,
    }

    /// <summary>QmiDmsOperatingMode (the ones the product uses or reports).</summary>
    public enum OperatingMode : byte
    {
        Online = 0, LowPower = 1, FactoryTest = 2, Offline = 3, Reset = 4, ShuttingDown = 5, PersistentLowPower = 6, ModeOnlyLowPower = 7, Unknown = 0xff,
    }

    /// <summary>QmiDmsUimState: whether a card is there and done initialising.</summary>
    public enum UimState : byte { Ready = 0, LockedOrFailed = 1, Absent = 2, Unavailable = 0xff }

    public sealed record PinStatus(PinState State, byte VerifyLeft, byte UnblockLeft);
    public sealed record Ids(string? Imei, string? Esn, string? Meid);
    public sealed record Retries(byte VerifyLeft, byte UnblockLeft);

    public const byte Pin1 = 1;

    public static QmiRequest GetIds() => new(QmiMessages.DmsGetIds);
    public static QmiRequest GetModel() => new(QmiMessages.DmsGetModel);
    public static QmiRequest GetRevision() => new(QmiMessages.DmsGetRevision);
    public static QmiRequest GetPinStatus() => new(QmiMessages.DmsUimGetPinStatus);
    public static QmiRequest GetUimState() => new(QmiMessages.DmsUimGetState);
    /// <summary>UIM Get ICCID / Get IMSI: the answer is TLV 0x01, a string (read with <see cref="ReadText"/>).</summary>
    public static QmiRequest GetIccid() => new(QmiMessages.DmsUimGetIccid);
    public static QmiRequest GetImsi() => new(QmiMessages.DmsUimGetImsi);
    public static QmiRequest GetOperatingMode() => new(QmiMessages.DmsGetOperatingMode);

    public static QmiRequest SetOperatingMode(OperatingMode mode) =>
        new(QmiMessages.DmsSetOperatingMode, new QmiTlvWriter().U8(0x01, (byte)mode).ToArray());

    /// <summary>TLV 0x01: PIN id, PIN (u8-prefixed). The bytes hold the PIN: never log them.</summary>
    public static QmiRequest VerifyPin(string pin) =>
        new(QmiMessages.DmsUimVerifyPin, new QmiTlvWriter().Begin(0x01).FieldU8(Pin1).FieldString8(pin).End().ToArray());

    /// <summary>TLV 0x01: PIN id, PUK, new PIN (both u8-prefixed).</summary>
    public static QmiRequest UnblockPin(string puk, string newPin) =>
        new(QmiMessages.DmsUimUnblockPin, new QmiTlvWriter().Begin(0x01).FieldU8(Pin1).FieldString8(puk).FieldString8(newPin).End().ToArray());

    public static Ids ReadIds(QmiTlvReader r) => new(r.String(0x11), r.String(0x10), r.String(0x12));

    /// <summary>Model (Get Model) or revision (Get Revision): TLV 0x01.</summary>
    public static string? ReadText(QmiTlvReader r) => r.String(0x01);

    /// <summary>PIN1 status, TLV 0x11 (PIN2 is 0x12).</summary>
    public static PinStatus? ReadPin1(QmiTlvReader r) => ReadPin(r, 0x11);

    public static PinStatus? ReadPin(QmiTlvReader r, byte tlv)
    {
        if (r.Get(tlv) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var state = f.U8();
        var verify = f.U8();
        var unblock = f.U8();
        return f.Ok ? new PinStatus((PinState)state!.Value, verify!.Value, unblock!.Value) : null;
    }

    /// <summary>Verify/Unblock answers carry the counters left in TLV 0x10, also (especially) on IncorrectPin.</summary>
    public static Retries? ReadRetries(QmiTlvReader r)
    {
        if (r.Get(0x10) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var verify = f.U8();
        var unblock = f.U8();
        return f.Ok ? new Retries(verify!.Value, unblock!.Value) : null;
    }

    public static UimState? ReadUimState(QmiTlvReader r) => r.U8(0x01) is { } s ? (UimState)s : null;

    public static OperatingMode? ReadOperatingMode(QmiTlvReader r) => r.U8(0x01) is { } m ? (OperatingMode)m : null;
}
