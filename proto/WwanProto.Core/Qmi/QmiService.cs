namespace WwanProto.Core.Qmi;

/// <summary>QMI service numbers (libqmi data/qmi-service-*.json, QmiService): the QMUX header's service byte.</summary>
public enum QmiService : byte
{
    Ctl = 0x00,
    Wds = 0x01,
    Dms = 0x02,
    Nas = 0x03,
    Wms = 0x05,
    Voice = 0x09,
    Uim = 0x0B,
    Wda = 0x1A,
}

/// <summary>Request, response or indication: the SDU's control flags (CTL uses 0/1/2, other services 0/2/4).</summary>
public enum QmiMessageKind : byte
{
    Request,
    Response,
    Indication,
}
