namespace WwanProto.ModemSim.Engine;

/// <summary>What the AT engine can do to the device around it.</summary>
internal interface IDeviceControl
{
    /// <summary>Drop off the bus and come back (AT^RESET, +CFUN=1,1, brownout).</summary>
    void RequestReset(bool toStorage);

    /// <summary>The data link's carrier follows the NDIS call.</summary>
    void SetCarrier(bool up);

    /// <summary>PPP data mode began on a port: attach the network-side peer, if any.</summary>
    void PppStarted(Ports.SimPort port);

    /// <summary>PPP ended on a port (ATH, close, drop).</summary>
    void PppEnded(Ports.SimPort port);

    /// <summary>Bytes the host sent in data mode.</summary>
    void PppData(Ports.SimPort port, ReadOnlySpan<byte> data);
}
