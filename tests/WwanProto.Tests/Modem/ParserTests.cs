using WwanProto.Core.Modem.Parsers;
using Xunit;

namespace WwanProto.Tests.Modem;

/// <summary>Parsers against the recorded modem strings of huawei-modems.md (section cited per test).</summary>
public sealed class ParserTests
{
    // §2.3 +CPIN
    [Theory]
    [InlineData("+CPIN: READY", SimPinCode.Ready)]
    [InlineData("+CPIN: SIM PIN", SimPinCode.SimPin)]
    [InlineData("+CPIN: SIM PUK", SimPinCode.SimPuk)]
    [InlineData("+CPIN: SIM PIN2", SimPinCode.SimPin2)]
    [InlineData("+CPIN: PH-NET PIN", SimPinCode.PhNetPin)]
    [InlineData("+CPIN:READY", SimPinCode.Ready)]
    public void Cpin_section_2_3(string line, SimPinCode code) => Assert.Equal(code, SimPinParser.ParseCpin(line)!.Code);

    // §2.3 ^CPIN with counters
    [Theory]
    [InlineData("^CPIN: READY,,10,3,10,3", SimPinCode.Ready, null, 10, 3, 10, 3)]
    [InlineData("^CPIN: SIM PIN,3,10,3,10,3", SimPinCode.SimPin, 3, 10, 3, 10, 3)]
    [InlineData("^CPIN: SIM PUK,10,10,0,10,3", SimPinCode.SimPuk, 10, 10, 0, 10, 3)]
    [InlineData("^CPIN:SIM PIN,2,10,2,10,3", SimPinCode.SimPin, 2, 10, 2, 10, 3)]
    public void Huawei_cpin_counters_section_2_3(string line, SimPinCode code, int? times, int puk, int pin, int puk2, int pin2)
    {
        var s = SimPinParser.ParseHuaweiCpin(line)!;
        Assert.Equal(new HuaweiCpinState(code, s.Text, times, puk, pin, puk2, pin2), s);
    }

    [Fact]
    public void Cpin_rejects_other_lines()
    {
        Assert.Null(SimPinParser.ParseCpin("^CPIN: READY,,10,3,10,3"));
        Assert.Null(SimPinParser.ParseHuaweiCpin("^CPIN: READY"));
    }

    // §2.4 / §6.1 +CSQ
    [Theory]
    [InlineData("+CSQ: 22,99", 22, -69)]
    [InlineData("+CSQ: 0,99", 0, -113)]
    [InlineData("+CSQ: 31,0", 31, -51)]
    [InlineData("+CSQ: 99,99", 99, null)]
    public void Csq_section_2_4(string line, int rssi, int? dbm)
    {
        var r = SignalParser.ParseCsq(line)!;
        Assert.Equal(rssi, r.Rssi);
        Assert.Equal(dbm, r.RssiDbm);
    }

    [Theory]
    [InlineData("^RSSI:20", 20)]
    [InlineData("^RSSI: 16", 16)]
    public void Rssi_urc_section_2_11(string line, int rssi) => Assert.Equal(rssi, SignalParser.ParseRssiUrc(line)!.Rssi);

    // §2.4 worked example and §6.4 MM vector
    [Fact]
    public void Hcsq_lte_example_section_2_4()
    {
        var h = SignalParser.ParseHcsq("^HCSQ:\"LTE\",48,35,86,14")!;
        Assert.Equal(new HcsqReading("LTE", -72, -105, -2.8, -12.5, null, null), h);
    }

    [Fact]
    public void Hcsq_lte_mm_vector_section_6_4()
    {
        var h = SignalParser.ParseHcsq("^HCSQ:\"LTE\",30,19,66,0")!;
        Assert.Equal(new HcsqReading("LTE", -90, -121, -6.8, -19.5, null, null), h);
    }

    [Fact]
    public void Hcsq_wcdma_field_report_2()
    {
        var h = SignalParser.ParseHcsq("^HCSQ:\"WCDMA\",45,41,57")!;
        Assert.Equal(new HcsqReading("WCDMA", -75, null, null, null, -79, -3.5), h);
    }

    [Theory]
    [InlineData("^HCSQ: \"GSM\",40", "GSM", -80)]
    [InlineData("^HCSQ: \"NOSERVICE\"", "NOSERVICE", null)]
    [InlineData("^HCSQ:\"LTE\",255,255,255,255", "LTE", null)]
    public void Hcsq_other_rats_and_unknown_section_2_4(string line, string rat, int? rssi)
    {
        var h = SignalParser.ParseHcsq(line)!;
        Assert.Equal(rat, h.Rat);
        Assert.Equal(rssi, h.RssiDbm);
        if (rat == "LTE") Assert.Null(h.RsrpDbm);
    }

    // §2.5 ^SYSINFOEX (doc example, MM vector §6.4, E303 unquoted, LTE)
    [Theory]
    [InlineData("^SYSINFOEX: 2,3,0,1,,3,\"WCDMA\",41,\"WCDMA\"", 2, 3, 0, 1, 3, "WCDMA", 41, "WCDMA")]
    [InlineData("^SYSINFOEX:2,4,5,1,,3,\"WCDMA\",41,\"HSPA+\"", 2, 4, 5, 1, 3, "WCDMA", 41, "HSPA+")]
    [InlineData("^SYSINFOEX:2,4,5,1,,3,WCDMA,41,HSPA+", 2, 4, 5, 1, 3, "WCDMA", 41, "HSPA+")]
    [InlineData("^SYSINFOEX:2,3,0,1,,6,\"LTE\",101,\"LTE\"", 2, 3, 0, 1, 6, "LTE", 101, "LTE")]
    public void SysinfoEx_section_2_5(string line, int srv, int domain, int roam, int sim, int mode, string modeName, int sub, string subName)
    {
        var s = SysInfoParser.ParseSysInfoEx(line)!;
        Assert.Equal(new SysInfoEx(srv, domain, roam, sim, null, mode, modeName, sub, subName), s);
        Assert.True(s.HasService);
    }

    [Fact]
    public void Sysinfo_mm_vector_section_2_5()
    {
        Assert.Equal(new SysInfo(2, 1, 0, 3, 1, null, 3), SysInfoParser.ParseSysInfo("^SYSINFO:2,1,0,3,1,,3"));
        Assert.Null(SysInfoParser.ParseSysInfo("^SYSINFOEX:2,3,0,1,,6,\"LTE\",101,\"LTE\""));
    }

    // §2.5 / §6.6 +COPS
    [Fact]
    public void Cops_current_all_formats_section_2_5()
    {
        Assert.Equal(new CopsCurrent(0, 0, "NAME", 7), CopsParser.ParseCurrent("+COPS: 0,0,\"NAME\",7"));
        Assert.Equal("LTE", CopsParser.ParseCurrent("+COPS: 0,0,\"Operator Name\",7")!.Technology);
        Assert.Equal(new CopsCurrent(0, 2, "26201", 2), CopsParser.ParseCurrent("+COPS: 0,2,\"26201\",2"));
        Assert.Equal(new CopsCurrent(1, 1, "voda DE", null), CopsParser.ParseCurrent("+COPS: 1,1,\"voda DE\""));
        Assert.Equal(new CopsCurrent(0, null, null, null), CopsParser.ParseCurrent("+COPS: 0"));
    }

    [Fact]
    public void Cops_scan_list_section_2_5()
    {
        var list = CopsParser.ParseScan("+COPS: (2,\"Vodafone.de\",\"Vodafone\",\"26202\",7),(1,\"o2 - de\",\"o2 - de\",\"26203\",2),(3,\"Telekom.de\",\"TDG\",\"26201\",0),,(0,1,2,3,4),(0,1,2)");
        Assert.Equal(3, list.Count);
        Assert.Equal(new CopsNetwork(2, "Vodafone.de", "Vodafone", "26202", 7), list[0]);
        Assert.Equal(new CopsNetwork(3, "Telekom.de", "TDG", "26201", 0), list[2]);
        Assert.Empty(CopsParser.ParseScan("+COPS: ,,(0,1,2,3,4),(0,1,2)"));
        Assert.Null(CopsParser.ParseCurrent("+COPS: (2,\"a\",\"b\",\"1\",7)"));
    }

    // §2.5, §6.1 +CxREG query and URC forms; quoted and unquoted hex; 4- and 8-digit CI; AcT
    [Fact]
    public void Creg_query_8_digit_ci_section_6_1()
    {
        var r = RegistrationParser.Parse("+CREG: 2,5,\"792D\",\"04947221\"")!;
        Assert.Equal(new RegistrationState(RegistrationDomain.Cs, 2, 5, "792D", "04947221", null, false), r);
        Assert.True(r.Registered);
        Assert.True(r.Roaming);
        Assert.Equal(0x792Du, r.LacValue);
        Assert.Equal(0x04947221u, r.CiValue);
    }

    [Fact]
    public void Cgreg_urc_section_6_1() =>
        Assert.Equal(new RegistrationState(RegistrationDomain.Gprs, null, 5, "792D", "04947221", null, true),
            RegistrationParser.Parse("+CGREG: 5,\"792D\",\"04947221\""));

    [Fact]
    public void Creg_query_with_act_me909s_doc_section_2_5() =>
        Assert.Equal(new RegistrationState(RegistrationDomain.Cs, 2, 1, "2513", "E01F4", 2, false),
            RegistrationParser.Parse("+CREG: 2,1,\"2513\",\"E01F4\",2"));

    [Theory]
    [InlineData("+CREG: 1,2513,E01F4", null, 1, "2513", "E01F4", true)]
    [InlineData("+CREG: 2,1,2513,e01f4", 2, 1, "2513", "E01F4", false)]
    [InlineData("+CEREG: 2,1,\"1a2b\",\"0c4d5e01\",7", 2, 1, "1A2B", "0C4D5E01", false)]
    [InlineData("+CREG: 0,2", 0, 2, null, null, false)]
    [InlineData("+CGREG: 2", null, 2, null, null, true)]
    [InlineData("+CEREG: 3", null, 3, null, null, true)]
    public void Registration_unquoted_hex_and_short_forms_section_2_5(string line, int? n, int stat, string? lac, string? ci, bool urc)
    {
        var r = RegistrationParser.Parse(line)!;
        Assert.Equal(n, r.N);
        Assert.Equal(stat, r.Stat);
        Assert.Equal(lac, r.Lac);
        Assert.Equal(ci, r.Ci);
        Assert.Equal(urc, r.IsUrc);
    }

    // §2.6 / §6.4 ^SYSCFGEX? and ^SYSCFG?
    [Fact]
    public void Syscfgex_query_section_2_6()
    {
        Assert.Equal(new SysCfgEx("00", 0x3FFFFFFF, 1, 2, 0x7FFFFFFFFFFFFFFF),
            SysCfgParser.ParseSysCfgEx("^SYSCFGEX: \"00\",3FFFFFFF,1,2,7FFFFFFFFFFFFFFF"));
        Assert.Equal(new SysCfgEx("00", 0x3FFFFFFF, 1, 2, null), SysCfgParser.ParseSysCfgEx("^SYSCFGEX: \"00\",3fffffff,1,2,"));
        Assert.Equal(new SysCfgEx("030201", 0x3FFFFFFF, 2, 4, 0x7FFFFFFFFFFFFFFF),
            SysCfgParser.ParseSysCfgEx("^SYSCFGEX:\"030201\",3fffffff,2,4,7fffffffffffffff"));
        Assert.Null(SysCfgParser.ParseSysCfgEx("^SYSCFGEX: (\"00\",\"03\",\"02\",\"01\",\"99\"),((2000004e80380,\"GSM850\"),(3fffffff,\"All Bands\")),(0-3),(0-4),((800c5,\"LTE2100\"),(7fffffffffffffff,\"All bands\"))"));
    }

    [Fact]
    public void Syscfg_query_mm_vector_section_2_6() =>
        Assert.Equal(new SysCfg(2, 0, 0x400000, 0, 3), SysCfgParser.ParseSysCfg("^SYSCFG: 2,0,400000,0,3"));

    // §2.8 ^NDISSTAT URC variants
    [Theory]
    [InlineData("^NDISSTAT:1,,,\"IPV4\"", 1, null, "IPV4")]
    [InlineData("^NDISSTAT: 1,,,IPV4", 1, null, "IPV4")]
    [InlineData("^NDISSTAT:0,33,,\"IPV4\"", 0, 33, "IPV4")]
    [InlineData("^NDISSTAT:0,27,,\"IPV4\"", 0, 27, "IPV4")]
    [InlineData("^NDISSTAT:0,36,,\"IPV6\"", 0, 36, "IPV6")]
    [InlineData("^NDISSTATQRY: 1,,,\"IPV4\"", 1, null, "IPV4")]
    [InlineData("^NDISSTATQRY: 1,,,IPV4", 1, null, "IPV4")]
    [InlineData("^NDISSTATQry:1", 1, null, null)]
    public void Ndisstat_single_forms_section_2_8(string line, int stat, int? cause, string? family)
    {
        var s = Assert.Single(NdisStatParser.Parse(line));
        Assert.Equal(new NdisState(stat, cause, family, null), s);
    }

    [Fact]
    public void Ndisstatqry_dual_stack_forms_section_2_8_and_6_4()
    {
        Assert.Equal([new NdisState(1, null, "IPV4", null), new NdisState(0, null, "IPV6", null)],
            NdisStatParser.Parse("^NDISSTATQRY: 1,,,\"IPV4\",0,,,\"IPV6\""));
        Assert.Equal([new NdisState(0, null, "IPV4", null), new NdisState(0, null, "IPV6", null)],
            NdisStatParser.Parse("^NDISSTATQRY: 0,,,\"IPV4\",0,,,\"IPV6\""));
    }

    [Fact]
    public void Ndisstatex_and_k5160_cid_forms_section_2_8()
    {
        Assert.Equal([new NdisState(1, null, "IPV4", 1)], NdisStatParser.Parse("^NDISSTATEX:1,1,,,\"IPV4\""));
        Assert.Equal([new NdisState(0, 33, "IPV4", 2)], NdisStatParser.Parse("^NDISSTATEX:2,0,33,,\"IPV4\""));
        Assert.Equal([new NdisState(1, null, "IPV4", 1)], NdisStatParser.Parse("^NDISSTAT:1,,,\"IPV4\",1"));
    }

    [Fact]
    public void Ndisstatqry_test_lists_connected_cids_section_2_8()
    {
        Assert.Equal([1], NdisStatParser.ParseConnectedCids("^NDISSTATQRY: (1)"));
        Assert.Empty(NdisStatParser.ParseConnectedCids("^NDISSTATQRY: ()")!);
        Assert.Empty(NdisStatParser.Parse("^NDISSTATQRY: (1)"));
    }

    // §2.8 / §6.4 ^DHCP: padding, 0x, case, little-endian
    [Fact]
    public void Dhcp_mm_vector_lowercase_section_2_8()
    {
        var d = DhcpParser.ParseDhcp("^DHCP:a3ec5c64,f8ffffff,a1ec5c64,a1ec5c64,2200b10a,74bba80a,236800,236800")!;
        Assert.Equal(new DhcpInfo("100.92.236.163", "255.255.255.248", 29, "100.92.236.161", "100.92.236.161",
            "10.177.0.34", "10.168.187.116", 236800, 236800), d);
    }

    [Fact]
    public void Dhcp_unpadded_no_dns_section_2_8()
    {
        var d = DhcpParser.ParseDhcp("^DHCP: 1010A0A,FCFFFFFF,2010A0A,2010A0A,0,0,150000000,150000000")!;
        Assert.Equal(new DhcpInfo("10.10.1.1", "255.255.255.252", 30, "10.10.1.2", "10.10.1.2", null, null, 150000000, 150000000), d);
    }

    [Fact]
    public void Dhcp_third_vector_and_0x_prefix_section_2_8()
    {
        var d = DhcpParser.ParseDhcp("^DHCP: CCDB080A,F8FFFFFF,C9DB080A,C9DB080A,E67B59C0,E77B59C0,85600,85600")!;
        Assert.Equal("10.8.219.204", d.Address);
        Assert.Equal("10.8.219.201", d.Gateway);
        Assert.Equal("192.89.123.230", d.Dns1);
        Assert.Equal("192.89.123.231", d.Dns2);
        var x = DhcpParser.ParseDhcp("^DHCP:0xCCDB080A,0XF8FFFFFF,0xc9db080a,0xC9DB080A,0xE67B59C0,0x0,85600,85600")!;
        Assert.Equal(d with { Dns2 = null }, x);
    }

    [Fact]
    public void Dhcp_address_byte_order_example_section_2_8() => Assert.Equal("10.92.236.163", DhcpParser.Dotted(0xA3EC5C0A));

    [Fact]
    public void Dhcp_e3372h_320_slash_8_section_6_8()
    {
        // 10.0.2.63/8, gateway 10.0.0.1, encoded the Balong way.
        var d = DhcpParser.ParseDhcp("^DHCP:3F02000A,000000FF,0100000A,0100000A,0100000A,0,0,0")!;
        Assert.Equal(("10.0.2.63", 8, "10.0.0.1"), (d.Address, d.PrefixLength, d.Gateway));
    }

    [Fact]
    public void Dhcpv6_section_2_8()
    {
        var d = DhcpParser.ParseDhcpv6("^DHCPV6:2a02:3036:0:1::5,::,::,::,2a02:3036::53,::,150000000,50000000")!;
        Assert.Equal(new Dhcpv6Info("2a02:3036:0:1::5", "2a02:3036::53", null, 150000000, 50000000), d);
        Assert.Null(DhcpParser.ParseDhcpv6("^DHCPV6:garbage"));
    }

    // §2.13 / §6.4 ^GETPORTMODE variants
    [Theory]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: huawei,PCUI:0,MDM:1", "huawei", "pcui:0,mdm:1")]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,PCUI:1,NDIS:2,CDROM:3,SD:4,", "huawei", "mdm:0,pcui:1,ndis:2,cdrom:3,sd:4")]
    [InlineData("^getportmode:type:WCDMA:Qualcomm,NDIS:0,DIAG:1,PCUI:2,MDM:3,SD:4", "Qualcomm", "ndis:0,diag:1,pcui:2,mdm:3,sd:4")]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: ,pcui:1,modem:2,ncm:3,mass:4,mass_two:5,", "", "pcui:1,modem:2,ncm:3,mass:4,mass_two:5")]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: huawei ,, rndis: 0, pcui: 1, c_shell: 2, a_shell: 3,3g_diag: 4, gps: 5, 4g_diag: 6, mass_two: 7", "huawei", "rndis:0,pcui:1,c_shell:2,a_shell:3,3g_diag:4,gps:5,4g_diag:6,mass_two:7")]
    [InlineData("^GETPORTMODE: TYPE: WCDMA: huawei,,3g_modem:0,3g_diag:1,pcui:2,ncm:3", "huawei", "3g_modem:0,3g_diag:1,pcui:2,ncm:3")]
    public void Getportmode_variants_section_2_13(string line, string vendor, string ports)
    {
        var m = PortModeParser.Parse(line)!;
        Assert.Equal(vendor, m.Vendor);
        Assert.Equal(ports, string.Join(",", m.Ports.Select(p => $"{p.Name}:{p.Index}")));
    }

    [Fact]
    public void Getportmode_roles_of_e3372_155e_section_2_13()
    {
        var m = PortModeParser.Parse("^GETPORTMODE: TYPE: WCDMA: huawei,,3g_modem:0,3g_diag:1,pcui:2,ncm:3")!;
        Assert.Equal(2, m.IndexOf(PortFunction.Pcui));
        Assert.Equal(0, m.IndexOf(PortFunction.Modem));
        Assert.Equal(1, m.IndexOf(PortFunction.Diag));
        Assert.Equal(3, m.IndexOf(PortFunction.Network));
    }

    // §2.13 / §6.3 ^SETPORT
    [Fact]
    public void Setport_query_stick_default_section_6_3()
    {
        var c = SetPortParser.Parse("^SETPORT:A1,A2;12,1,16,A1,A2")!;
        Assert.Equal(["A1", "A2"], c.BeforeSwitch.Select(x => x.Code));
        Assert.Equal(["12", "1", "16", "A1", "A2"], c.AfterSwitch.Select(x => x.Code));
        Assert.Equal([PortFunction.Pcui, PortFunction.Modem, PortFunction.Network, PortFunction.Storage, PortFunction.Storage],
            c.AfterSwitch.Select(x => x.Function));
        Assert.True(c.AfterSwitchHasPcui);
        var s = SetPortParser.Parse("^SETPORT:A1,A2;12,10,16,A1,A2")!;
        Assert.Equal(PortFunction.Modem, s.AfterSwitch[1].Function);
        var ff = SetPortParser.Parse("^SETPORT:\"FF;10,16\"")!;
        Assert.Empty(ff.BeforeSwitch);
        Assert.False(ff.AfterSwitchHasPcui);
    }

    [Theory]
    [InlineData("^SETPORT:1: 3G MODEM", "1", "3G MODEM")]
    [InlineData("^SETPORT:12: 4G PCUI", "12", "4G PCUI")]
    [InlineData("^SETPORT:A1: CDROM", "A1", "CDROM")]
    [InlineData("^SETPORT:A: BLUE TOOTH", "A", "BLUE TOOTH")]
    public void Setport_test_lines_section_2_13(string line, string code, string name) =>
        Assert.Equal((code, name), SetPortParser.ParseSupportedLine(line));

    // §2.2 / §6.1 / §6.2 ATI
    [Fact]
    public void Ati_e3372h_607_section_6_1()
    {
        var id = AtiParser.Parse(["Manufacturer: huawei", "Model: E3372", "Revision: 22.329.63.00.74", "IMEI: 866000000000001", "+GCAP: +CGSM,+DS,+ES"]);
        Assert.Equal(new AtiIdentity("huawei", "E3372", "22.329.63.00.74", "866000000000001", "+CGSM,+DS,+ES"), id);
        Assert.Equal("hilink", id.FirmwareFamily);
    }

    [Fact]
    public void Ati_e3372h_320_and_me909s_section_2_2()
    {
        var id = AtiParser.Parse(["Manufacturer: Huawei Technologies Co.,Ltd.", "Model: E3372h-320", "Revision: 11.0.1.1(H697SP2C983)"]);
        Assert.Equal("Huawei Technologies Co.,Ltd.", id.Manufacturer);
        Assert.Equal("11.0.1.1(H697SP2C983)", id.Revision);
        Assert.Null(id.Imei);
        Assert.Null(id.FirmwareFamily);
        Assert.Equal("ME909s-120", AtiParser.Parse(["Manufacturer: Huawei Technologies Co., Ltd.", "Model: ME909s-120"]).Model);
        Assert.Equal("stick", AtiParser.Parse(["Revision: 21.200.07.00.805"]).FirmwareFamily);
    }

    [Fact]
    public void Ati_phone_bare_line_has_no_fields() =>
        Assert.Equal(new AtiIdentity(null, null, null, null, null), AtiParser.Parse(["Nokia"]));
}
