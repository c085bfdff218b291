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
/// The messages the product uses, with ids from libqmi's data/qmi-service-{ctl,dms,nas,wds,wda}.json.
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

    public static IReadOnlyList<QmiMessageType> All { get; } =
    [
        CtlGetVersionInfo, CtlAllocateCid, CtlReleaseCid, CtlSync,
        DmsGetModel, DmsGetRevision, DmsGetIds, DmsUimVerifyPin, DmsUimUnblockPin, DmsUimGetPinStatus, DmsGetOperatingMode, DmsSetOperatingMode, DmsUimGetIccid, DmsUimGetImsi, DmsUimGetState,
        NasRegisterIndications, NasGetSignalStrength, NasInitiateNetworkRegister, NasGetServingSystem, NasSetSystemSelectionPreference, NasGetSystemSelectionPreference,
        WdsStartNetwork, WdsStopNetwork, WdsGetPacketServiceStatus, WdsGetCurrentSettings, WdsSetIpFamily,
        WdaSetDataFormat, WdaGetDataFormat,
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
