namespace WwanProto.ModemSim;

/// <summary>How the simulator's dnsmasq hands out IPv6 when <see cref="SimOptions.Dhcpv6Server"/> is on.</summary>
public enum Dhcpv6Mode
{
    /// <summary>DHCPv6 with one address (IA_NA); the RA carries the managed flag and the route only.</summary>
    Stateful,

    /// <summary>
    /// As real Huawei NCM sticks and most LTE networks do: the RA announces the /64 for SLAAC (autonomous flag,
    /// other-config flag) and DHCPv6 answers information-requests only (DNS).
    /// </summary>
    Slaac,
}
