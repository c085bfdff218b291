namespace WwanProto.ModemSim.Ports;

/// <summary>Command mode, PPP data mode, or online-command mode (after "+++", call still up).</summary>
public enum PortMode { Command, Data, OnlineCommand }
