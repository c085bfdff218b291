namespace WwanProto.Core.Qmi;

/// <summary>
/// WDA (service 0x1A): the data format of the netdev. Ids from libqmi's qmi-service-wda.json / qmi-enums-wda.h.
/// Old firmware (E392) has no WDA and answers InvalidQmiCommand or refuses the client id: it is 802.3 then.
/// </summary>
public static class WdaMessages
{
    /// <summary>QmiWdaLinkLayerProtocol.</summary>
    public enum LinkLayer : uint { Unknown = 0, Ethernet = 1, RawIp = 2 }

    public static QmiRequest GetDataFormat() => new(QmiMessages.WdaGetDataFormat);

    /// <summary>Link layer protocol (TLV 0x11, u32).</summary>
    public static QmiRequest SetDataFormat(LinkLayer protocol) =>
        new(QmiMessages.WdaSetDataFormat, new QmiTlvWriter().U32(0x11, (uint)protocol).ToArray());

    public static LinkLayer? ReadLinkLayer(QmiTlvReader r) => r.U32(0x11) is { } v ? (LinkLayer)v : null;
}
