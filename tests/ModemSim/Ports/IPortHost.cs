using WwanProto.ModemSim.At;

namespace WwanProto.ModemSim.Ports;

/// <summary>What a port asks of the modem behind it. Called on the port's reader thread.</summary>
internal interface IPortHost
{
    SimFaults Faults { get; }
    TimeSpan EscapeGuard { get; }
    bool DoubledCrUrcs { get; }
    string ColonStyle { get; }
    Reply? OnLine(SimPort port, string line);
    void OnOpened(SimPort port);
    void OnClosed(SimPort port);
    void OnData(SimPort port, ReadOnlySpan<byte> data);
    /// <summary>Bytes written to a QMI (qmi_wwan cdc-wdm) port.</summary>
    void OnQmi(SimPort port, ReadOnlySpan<byte> data);
    void OnEscape(SimPort port);
    void Trace(string entry);
}
