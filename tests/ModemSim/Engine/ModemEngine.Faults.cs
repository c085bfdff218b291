namespace WwanProto.ModemSim.Engine;

/// <summary>
/// Faults switched on while running (control FIFO, tests): every port goes mute for a while, ^DHCP keeps
/// answering ERROR after the call is up. And the SIM's counters, which no fault may lower.
/// </summary>
internal sealed partial class ModemEngine
{
    private bool _dhcpError;

    /// <summary>Every port of the current composition reads but answers nothing (no URCs either) for <paramref name="duration"/>.</summary>
    public void Mute(TimeSpan duration)
    {
        lock (_gate)
            foreach (var port in _ports) port.MutedUntil = DateTime.UtcNow + duration;
    }

    /// <summary>^DHCP? answers ERROR even with the call up (firmware that never hands out the address, §4.6).</summary>
    public bool DhcpError
    {
        get { lock (_gate) return _dhcpError; }
        set { lock (_gate) _dhcpError = value; }
    }

    /// <summary>PIN and PUK attempts the SIM has left.</summary>
    public (int Pin, int Puk) SimTriesLeft()
    {
        lock (_gate) return (Card.PinTries, Card.PukTries);
    }
}
