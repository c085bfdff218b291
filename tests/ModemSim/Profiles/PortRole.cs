namespace WwanProto.ModemSim.Profiles;

/// <summary>What a port does, which decides how it answers.</summary>
public enum PortRole
{
    /// <summary>Huawei PCUI: full AT, ^NDISDUP works, URCs.</summary>
    Pcui,
    /// <summary>Modem port: AT + PPP dial + data mode; ^NDISDUP answers OK and does nothing.</summary>
    Modem,
    /// <summary>Diagnostics: reads everything, never answers.</summary>
    Diag,
    /// <summary>cdc-wdm under huawei_cdc_ncm: AT over encapsulated commands, NDIS-capable.</summary>
    CdcWdm,
    /// <summary>CDC ACM phone port: AT + PPP.</summary>
    Acm,
    /// <summary>cdc-wdm under qmi_wwan: QMUX, not AT.</summary>
    Qmi,
}
