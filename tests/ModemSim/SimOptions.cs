namespace WwanProto.ModemSim;

/// <summary>Everything one simulated modem run is made of. Defaults give a healthy E3372h-153 stick.</summary>
public sealed class SimOptions
{
    /// <summary>"e3372h-153", "e3372h-320", "e3131", "e367", "phone-acm", "storage-1f01", "hilink", "android" (also "gateway-1001" ...).</summary>
    public string Profile { get; init; } = "e3372h-153";

    /// <summary>Directory for the tree; null = a fresh temp dir, deleted on dispose.</summary>
    public string? Root { get; init; }

    /// <summary>All randomness (split points, garbage, URC choice) comes from this seed.</summary>
    public int Seed { get; init; } = 1;

    public SimFaults Faults { get; init; } = new();
    public SimCardOptions Card { get; init; } = new();

    /// <summary>Host-side netdev name of the NCM/ECM data link (the tree's net/&lt;name&gt;). Default "wwan0" in the tree only.</summary>
    public string? NetDev { get; init; }

    /// <summary>Create the veth pair and the modem-side netns (needs <see cref="NetDev"/>; root).</summary>
    public bool CreateVeth { get; init; }

    /// <summary>Netns to move the host end into; null = the caller's netns.</summary>
    public string? HostNetNs { get; init; }

    /// <summary>Run dnsmasq on the modem end, answering DHCP with the ^DHCP values (needs <see cref="CreateVeth"/>).</summary>
    public bool DhcpServer { get; init; }

    /// <summary>
    /// dnsmasq also answers DHCPv6 (the one address <see cref="Net.AddressPlan.Ipv6Client"/>, DNS
    /// <see cref="Net.AddressPlan.Ipv6Dns"/>, which mdm0 holds as /64) and sends router advertisements (needs <see cref="CreateVeth"/>).
    /// </summary>
    public bool Dhcpv6Server { get; init; }

    /// <summary>With <see cref="Dhcpv6Server"/>: stateful DHCPv6 (default) or SLAAC with stateless DHCPv6 for DNS.</summary>
    public Dhcpv6Mode Dhcpv6Mode { get; init; }

    /// <summary>Run a pppd peer in the modem netns behind the modem port's data mode (needs root).</summary>
    public bool PppServer { get; init; }

    /// <summary>Device dir name under sys/bus/usb/devices (e.g. "2-1.4").</summary>
    public string UsbPath { get; init; } = "1-1";

    /// <summary>
    /// First number of this modem's ttyUSB/ttyACM/cdc-wdm names. Several modems sharing one <see cref="Root"/>
    /// (one sysfs, /dev and lock dir: a router with a hub) each take their own range, as the kernel numbers them.
    /// </summary>
    public int PortBase { get; init; }

    /// <summary>15 digits; default derived from <see cref="Seed"/> with a valid Luhn digit.</summary>
    public string? Imei { get; init; }

    /// <summary>
    /// The modem cannot report the PIN attempts left: ^CPIN? and +CPINR answer ERROR (field report 5's phone, whose
    /// firmware knows neither).
    /// </summary>
    public bool NoPinRetries { get; init; }

    /// <summary>From SIM ready to the registration result (searching in between).</summary>
    public TimeSpan RegistrationDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Registration outcome: "home" (default), "roaming", "denied", "searching" (never registers).</summary>
    public string Registration { get; init; } = "home";

    /// <summary>^NDISDUP accepted -> ^NDISSTAT result.</summary>
    public TimeSpan NdisConnectDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Non-zero: the network rejects the NDIS call with this SM cause (27 unknown APN, 29 auth, 33 not subscribed).</summary>
    public int NdisRejectCause { get; init; }

    /// <summary>The APN the network accepts (case-insensitive); null = any. Another APN: ^NDISSTAT:0,27 / NO CARRIER.</summary>
    public string? ExpectedApn { get; init; }

    /// <summary>A call left up by a previous host run: ^NDISDUP=cid,1 answers ERROR until ^NDISDUP=cid,0.</summary>
    public bool StaleSession { get; init; }

    /// <summary>^NDISDUP=cid,0 while idle answers ERROR (some firmware) instead of OK (Balong).</summary>
    public bool TeardownIdleError { get; init; }

    /// <summary>^DHCP number style: "padded" (%08X, PCUI default), "unpadded" (%X), "0x", "lower".</summary>
    public string? DhcpStyle { get; init; }

    /// <summary>PPP dial result: "connect" (default), "no-carrier", "busy", "error".</summary>
    public string DialResult { get; init; } = "connect";

    /// <summary>After an unclean close in data mode, the PPP port stays in data mode until "+++" (quirk §4.7).</summary>
    public bool StuckInDataMode { get; init; }

    /// <summary>Silence needed before and after "+++" (real modems: 1 s; scaled down here).</summary>
    public TimeSpan EscapeGuard { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Storage-mode switch message -> new composition on the bus.</summary>
    public TimeSpan SwitchDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>AT^RESET / +CFUN=1,1: off the bus for this long.</summary>
    public TimeSpan ResetDownFor { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Overrides the profile's echo default (Balong sticks: off; Qualcomm-era and phones: on).</summary>
    public bool? EchoDefault { get; init; }

    /// <summary>Overrides the profile's +CMEE default (0 bare ERROR, 1 numeric, 2 verbose).</summary>
    public int? CmeeDefault { get; init; }

    /// <summary>Overrides the profile's answer to unknown commands: "COMMAND NOT SUPPORT" or "ERROR".</summary>
    public string? UnknownCommand { get; init; }

    /// <summary>URCs start with "\r\r\n" (older/CDMA firmware, §2.1) instead of "\r\n".</summary>
    public bool DoubledCrUrcs { get; init; }

    /// <summary>Spacing after the colon of +/^ lines: "device" (as the firmware prints them, default), "space", "nospace" (§2.1).</summary>
    public string ColonStyle { get; init; } = "device";

    /// <summary>The cdc-wdm AT channel never answers (Airtel E3372h-607, §1.8).</summary>
    public bool CdcWdmSilent { get; init; }

    /// <summary>The device re-enumerates right after a successful PIN unlock (some firmware, §2.3).</summary>
    public bool ResetOnUnlock { get; init; }

    /// <summary>The HiLink web UI's behaviour (login, data switch, APN) when the device is or becomes a HiLink stick.</summary>
    public HiLink.HiLinkWebOptions HiLinkWeb { get; init; } = new();

    /// <summary>
    /// Use the HiLink router's addresses (192.168.8.1, DHCP .100) although the device starts as another profile:
    /// storage-1f01 that the test switches into HiLink mode. Router profiles (hilink, android) use theirs anyway.
    /// Router addresses need <see cref="HostNetNs"/>: they are the same on every device.
    /// </summary>
    public bool HiLinkAddresses { get; init; }

    /// <summary>Period of profile noise URCs (^HCSQ/^RSSI/^CERSSI, ^BOOT); zero = the profile default.</summary>
    public TimeSpan NoisePeriod { get; init; }
}
