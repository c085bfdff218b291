namespace WwanProto.Core.Sms;

/// <summary>The alphabet of the user data (TP-DCS, 3GPP TS 23.038 §4).</summary>
public enum SmsAlphabet { Gsm7, EightBit, Ucs2 }

/// <summary>One part of a concatenated message (IE 0x00 with an 8-bit reference, 0x08 with a 16-bit one).</summary>
public sealed record SmsConcat(int Reference, int Total, int Sequence);

/// <summary>
/// The user data: <see cref="Text"/> for GSM 7-bit and UCS-2 (UTF-16, surrogate pairs kept), null for 8-bit data;
/// <see cref="Data"/> the user data octets after the header.
/// </summary>
public sealed record SmsUserData(SmsAlphabet Alphabet, string? Text, byte[] Data, SmsConcat? Part);

/// <summary>A PDU as the modem lists it: SMS-DELIVER, SMS-SUBMIT or SMS-STATUS-REPORT. <see cref="Smsc"/> "" when the PDU named none.</summary>
public abstract record SmsPdu(string Smsc);

public sealed record SmsDeliver(string Smsc, string Sender, DateTimeOffset Timestamp, int ProtocolId, SmsUserData UserData) : SmsPdu(Smsc);

public sealed record SmsSubmit(string Smsc, string Recipient, int Reference, bool StatusReportRequest, int? RelativeValidity, SmsUserData UserData) : SmsPdu(Smsc);

/// <summary>TP-ST (TS 23.040 §9.2.3.15): 0 delivered; 0x20–0x3F temporary; 0x40 and up permanent failures.</summary>
public sealed record SmsStatusReport(string Smsc, int Reference, string Recipient, DateTimeOffset ServiceCentreTime, DateTimeOffset DischargeTime, int Status)
    : SmsPdu(Smsc)
{
    public bool Delivered => Status < 0x20;
}

/// <summary>One SMS-SUBMIT PDU for AT+CMGS in PDU mode: the hex to send and the TPDU length (without the SMSC field) it announces.</summary>
public sealed record SubmitPdu(string Hex, int TpduLength);
