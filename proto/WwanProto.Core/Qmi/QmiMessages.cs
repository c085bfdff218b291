namespace WwanProto.Core.Qmi;

/// <summary>A message of a service: its id and the name libqmi gives it (used in logs and errors).</summary>
public readonly record struct QmiMessageType(QmiService Service, ushort Id, string Name)
{
    public override string ToString() => $"{Service.ToString().ToUpperInvariant()} {Name}";
}

/// <summary>A request ready to send: the message and its TLV area. The client adds client id and transaction id.</summary>
public sealed record QmiRequest(QmiMessageType Type, byte[] Tlvs)
{
    public QmiRequest(QmiMessageType type) : this(type, []) { }
}

/// <summary>
/// The messages the product uses, with ids from libqmi's data/qmi-service-{ctl,dms,nas,wds,wda,wms,voice}.json (WMS Get SMSC
/// Address 0x0034 and Get Store Max Size 0x0036, which libqmi does not define, from the Gobi API's QMIEnum.h).
/// Indications share the id of the message they report on (WDS Packet Service Status 0x0022, NAS Serving System 0x0024).
/// </summary>
public static class QmiMessages
{
    public static readonly QmiMessageType CtlGetVersionInfo = new(QmiService.Ctl, 0x0021, "Get Version Info");
    public static readonly QmiMessageType CtlAllocateCid = new(QmiService.Ctl, 0x0022, "Allocate CID");
    public static readonly QmiMessageType CtlReleaseCid = new(QmiService.Ctl, 0x0023, "Release CID");
    public static readonly QmiMessageType CtlSync = new(QmiService.Ctl, 0x0027, "Sync");

    public static readonly QmiMessageType DmsGetModel = new(QmiService.Dms, 0x0022, "Get Model");
    public static readonly QmiMessageType DmsGetRevision = new(QmiService.Dms, 0x0023, "Get Revision");
    public static readonly QmiMessageType DmsGetIds = new(QmiService.Dms, 0x0025, "Get IDs");
    public static readonly QmiMessageType DmsUimVerifyPin = new(QmiService.Dms, 0x0028, "UIM Verify PIN");
    public static readonly QmiMessageType DmsUimUnblockPin = new(QmiService.Dms, 0x0029, "UIM Unblock PIN");
    public static readonly QmiMessageType DmsUimGetPinStatus = new(QmiService.Dms, 0x002B, "UIM Get PIN Status");
    public static readonly QmiMessageType DmsGetOperatingMode = new(QmiService.Dms, 0x002D, "Get Operating Mode");
    public static readonly QmiMessageType DmsSetOperatingMode = new(QmiService.Dms, 0x002E, "Set Operating Mode");
    public static readonly QmiMessageType DmsUimGetIccid = new(QmiService.Dms, 0x003C, "UIM Get ICCID");
    public static readonly QmiMessageType DmsUimGetImsi = new(QmiService.Dms, 0x0043, "UIM Get IMSI");
    public static readonly QmiMessageType DmsUimGetState = new(QmiService.Dms, 0x0044, "UIM Get State");

    public static readonly QmiMessageType NasRegisterIndications = new(QmiService.Nas, 0x0003, "Register Indications");
    public static readonly QmiMessageType NasGetSignalStrength = new(QmiService.Nas, 0x0020, "Get Signal Strength");
    public static readonly QmiMessageType NasInitiateNetworkRegister = new(QmiService.Nas, 0x0022, "Initiate Network Register");
    public static readonly QmiMessageType NasGetServingSystem = new(QmiService.Nas, 0x0024, "Get Serving System");
    public static readonly QmiMessageType NasSetSystemSelectionPreference = new(QmiService.Nas, 0x0033, "Set System Selection Preference");
    public static readonly QmiMessageType NasGetSystemSelectionPreference = new(QmiService.Nas, 0x0034, "Get System Selection Preference");

    public static readonly QmiMessageType WdsStartNetwork = new(QmiService.Wds, 0x0020, "Start Network");
    public static readonly QmiMessageType WdsStopNetwork = new(QmiService.Wds, 0x0021, "Stop Network");
    public static readonly QmiMessageType WdsGetPacketServiceStatus = new(QmiService.Wds, 0x0022, "Get Packet Service Status");
    public static readonly QmiMessageType WdsGetCurrentSettings = new(QmiService.Wds, 0x002D, "Get Current Settings");
    public static readonly QmiMessageType WdsSetIpFamily = new(QmiService.Wds, 0x004D, "Set IP Family");

    public static readonly QmiMessageType WdaSetDataFormat = new(QmiService.Wda, 0x0020, "Set Data Format");
    public static readonly QmiMessageType WdaGetDataFormat = new(QmiService.Wda, 0x0021, "Get Data Format");

    public static readonly QmiMessageType WmsSetEventReport = new(QmiService.Wms, 0x0001, "Set Event Report");
    public static readonly QmiMessageType WmsRawSend = new(QmiService.Wms, 0x0020, "Raw Send");
    public static readonly QmiMessageType WmsRawRead = new(QmiService.Wms, 0x0022, "Raw Read");
    public static readonly QmiMessageType WmsModifyTag = new(QmiService.Wms, 0x0023, "Modify Tag");
    public static readonly QmiMessageType WmsDelete = new(QmiService.Wms, 0x0024, "Delete");
    public static readonly QmiMessageType WmsListMessages = new(QmiService.Wms, 0x0031, "List Messages");
    public static readonly QmiMessageType WmsSetRoutes = new(QmiService.Wms, 0x0032, "Set Routes");
    public static readonly QmiMessageType WmsGetRoutes = new(QmiService.Wms, 0x0033, "Get Routes");
    public static readonly QmiMessageType WmsGetSmscAddress = new(QmiService.Wms, 0x0034, "Get SMSC Address");
    public static readonly QmiMessageType WmsGetStoreMaxSize = new(QmiService.Wms, 0x0036, "Get Store Max Size");
    public static readonly QmiMessageType WmsSendAck = new(QmiService.Wms, 0x0037, "Send Ack");

    public static readonly QmiMessageType VoiceIndicationRegister = new(QmiService.Voice, 0x0003, "Indication Register");
    public static readonly QmiMessageType VoiceOriginateUssd = new(QmiService.Voice, 0x003A, "Originate USSD");
    public static readonly QmiMessageType VoiceAnswerUssd = new(QmiService.Voice, 0x003B, "Answer USSD");
    public static readonly QmiMessageType VoiceCancelUssd = new(QmiService.Voice, 0x003C, "Cancel USSD");
    public static readonly QmiMessageType VoiceReleaseUssd = new(QmiService.Voice, 0x003D, "Release USSD");
    public static readonly QmiMessageType VoiceUssd = new(QmiService.Voice, 0x003E, "USSD");

    public static IReadOnlyList<QmiMessageType> All { get; } =
    [
        CtlGetVersionInfo, CtlAllocateCid, CtlReleaseCid, CtlSync,
        DmsGetModel, DmsGetRevision, DmsGetIds, DmsUimVerifyPin, DmsUimUnblockPin, DmsUimGetPinStatus, DmsGetOperatingMode, DmsSetOperatingMode, DmsUimGetIccid, DmsUimGetImsi, DmsUimGetState,
        NasRegisterIndications, NasGetSignalStrength, NasInitiateNetworkRegister, NasGetServingSystem, NasSetSystemSelectionPreference, NasGetSystemSelectionPreference,
        WdsStartNetwork, WdsStopNetwork, WdsGetPacketServiceStatus, WdsGetCurrentSettings, WdsSetIpFamily,
        WdaSetDataFormat, WdaGetDataFormat,
        WmsSetEventReport, WmsRawSend, WmsRawRead, WmsModifyTag, WmsDelete, WmsListMessages, WmsSetRoutes, WmsGetRoutes, WmsGetSmscAddress, WmsGetStoreMaxSize, WmsSendAck,
        VoiceIndicationRegister, VoiceOriginateUssd, VoiceAnswerUssd, VoiceCancelUssd, VoiceReleaseUssd, VoiceUssd,
    ];
}

/// <summary>Readable names for logs: "WDS Start Network", or the numbers for a message the table does not know.</summary>
public static class QmiNames
{
    public static string Message(QmiService service, ushort id)
    {
        foreach (var m in QmiMessages.All)
            if (m.Service == service && m.Id == id) return m.ToString();
        return $"{service.ToString().ToUpperInvariant()} 0x{id:x4}";
    }
}
