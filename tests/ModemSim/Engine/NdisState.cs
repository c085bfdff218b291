namespace WwanProto.ModemSim.Engine;

/// <summary>§3.2: IDLE -> CONNECTING -> CONNECTED -> DISCONNECTING -> IDLE.</summary>
public enum NdisState { Idle, Connecting, Connected, Disconnecting }
