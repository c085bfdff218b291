using System.Net;
using WwanProto.Core.Qmi;
using Xunit;

namespace WwanProto.Tests.Qmi;

/// <summary>
/// Every QMI request the product sends, byte for byte. Vectors marked "libqmi" are copied from libqmi's own tests
/// (linux-mobile-broadband/libqmi, src/libqmi-glib/test/test-fixture.c, test-generated.c, test-message.c); the
/// others are assembled by hand from the layouts in libqmi's data/qmi-service-*.json (TLV id, length, value),
/// not produced by our encoder.
/// </summary>
public sealed class QmiVectorTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static byte[] Encode(QmiRequest request, byte client, ushort txn) =>
        new QmiMessage(request.Type.Service, client, QmiMessageKind.Request, txn, request.Type.Id, request.Tlvs).Encode();

    private static QmiTlvReader Answer(string hex)
    {
        var m = QmiMessage.TryParse(Hex(hex), out var problem);
        Assert.True(m is not null, problem);
        Assert.Equal(QmiMessageKind.Response, m!.Kind);
        Assert.Equal(QmiError.None, new QmiTlvReader(m).Result());
        return new QmiTlvReader(m);
    }

    // libqmi test-fixture.c: Allocate CID, transaction 0xFF, service byte at [15] (DMS here).
    [Fact]
    public void Ctl_allocate_cid_libqmi() =>
        Assert.Equal(Hex("01 0F00 00 00 00 00 FF 2200 0400 01 0100 02"), Encode(CtlMessages.AllocateCid(QmiService.Dms), 0, 0xFF));

    // libqmi test-message.c (test_message_set_transaction_id_ctl): Allocate CID for WDS.
    [Fact]
    public void Ctl_allocate_cid_wds_libqmi() =>
        Assert.Equal(Hex("01 0F00 00 00 00 00 FF 2200 0400 01 0100 01"), Encode(CtlMessages.AllocateCid(QmiService.Wds), 0, 0xFF));

    // libqmi test-fixture.c: the answer, service at [22], cid 1.
    [Fact]
    public void Ctl_allocate_cid_answer_libqmi() =>
        Assert.Equal((byte)1, CtlMessages.AllocatedCid(Answer("01 1700 00 00 00 01 FF 2200 0C00 02 0400 0000 0000 01 0200 02 01"), QmiService.Dms));

    // libqmi test-fixture.c: Release CID (service, cid 1).
    [Fact]
    public void Ctl_release_cid_libqmi() =>
        Assert.Equal(Hex("01 1000 00 00 00 00 FF 2300 0500 01 0200 03 01"), Encode(CtlMessages.ReleaseCid(QmiService.Nas, 1), 0, 0xFF));

    [Fact]
    public void Ctl_sync_and_version_info() // qmi-service-ctl.json: no input TLVs
    {
        Assert.Equal(Hex("01 0B00 00 00 00 00 07 2700 0000"), Encode(CtlMessages.Sync(), 0, 7));
        Assert.Equal(Hex("01 0B00 00 00 00 00 01 2100 0000"), Encode(CtlMessages.GetVersionInfo(), 0, 1));
    }

    // libqmi test-generated.c: DMS Get IDs, client 1, transaction 0xFFFF, and the recorded answer.
    [Fact]
    public void Dms_get_ids_libqmi()
    {
        Assert.Equal(Hex("01 0C00 00 02 01 00 FFFF 2500 0000"), Encode(DmsMessages.GetIds(), 1, 0xFFFF));
        var ids = DmsMessages.ReadIds(Answer(
            "01 4500 80 02 01 02 FFFF 2500 3900 02 0400 00000000 13 0100 42 12 0E00 3335393232353035303033393937" +
            "10 0800 3830393937383734 11 0F00 333539323235303530303339393733"));
        Assert.Equal("359225050039973", ids.Imei);
        Assert.Equal("80997874", ids.Esn);
        Assert.Equal("35922505003997", ids.Meid);
    }

    // libqmi test-generated.c: DMS UIM Get PIN Status and its answer (PIN1 enabled-not-verified 3/10).
    [Fact]
    public void Dms_pin_status_libqmi()
    {
        Assert.Equal(Hex("01 0C00 00 02 01 00 FFFF 2B00 0000"), Encode(DmsMessages.GetPinStatus(), 1, 0xFFFF));
        var pin = DmsMessages.ReadPin1(Answer("01 1F00 80 02 01 02 FFFF 2B00 1300 02 0400 00000000 12 0300 01020A 11 0300 01030A"));
        Assert.Equal(new DmsMessages.PinStatus(DmsMessages.PinState.EnabledNotVerified, 3, 10), pin);
    }

    // libqmi test-generated.c: DMS UIM Verify PIN "1234", transaction 1.
    [Fact]
    public void Dms_verify_pin_libqmi() =>
        Assert.Equal(Hex("01 1500 00 02 01 00 0100 2800 0900 01 0600 01 04 31323334"), Encode(DmsMessages.VerifyPin("1234"), 1, 1));

    [Fact]
    public void Dms_unblock_pin_operating_mode_model_revision()
    {
        Assert.Equal(Hex("01 1E00 00 02 01 00 0200 2900 1200 01 0F00 01 08 3132333435363738 04 31323334"),
            Encode(DmsMessages.UnblockPin("12345678", "1234"), 1, 2));
        Assert.Equal(Hex("01 1000 00 02 01 00 0300 2E00 0400 01 0100 04"), Encode(DmsMessages.SetOperatingMode(DmsMessages.OperatingMode.Reset), 1, 3));
        Assert.Equal(Hex("01 1000 00 02 01 00 0300 2E00 0400 01 0100 00"), Encode(DmsMessages.SetOperatingMode(DmsMessages.OperatingMode.Online), 1, 3));
        Assert.Equal(Hex("01 0C00 00 02 01 00 0400 2D00 0000"), Encode(DmsMessages.GetOperatingMode(), 1, 4));
        Assert.Equal(Hex("01 0C00 00 02 01 00 0500 2200 0000"), Encode(DmsMessages.GetModel(), 1, 5));
        Assert.Equal(Hex("01 0C00 00 02 01 00 0600 2300 0000"), Encode(DmsMessages.GetRevision(), 1, 6));
        Assert.Equal(Hex("01 0C00 00 02 01 00 0700 4400 0000"), Encode(DmsMessages.GetUimState(), 1, 7));
        Assert.Equal(Hex("01 0C00 00 02 01 00 0800 3C00 0000"), Encode(DmsMessages.GetIccid(), 1, 8));
        Assert.Equal(Hex("01 0C00 00 02 01 00 0900 4300 0000"), Encode(DmsMessages.GetImsi(), 1, 9));
        Assert.Equal("262011234567890", DmsMessages.ReadText(Answer("01 2500 80 02 01 02 0900 4300 1900 02 0400 00000000 01 0F00 323632303131323334353637383930")));
        Assert.Equal(DmsMessages.UimState.Absent, DmsMessages.ReadUimState(Answer("01 1700 80 02 01 02 0700 4400 0B00 02 0400 00000000 01 0100 02")));
    }

    // libqmi test-generated.c: NAS Get Serving System and the recorded answer (UMTS, 222/50, name in packed GSM-7).
    [Fact]
    public void Nas_serving_system_libqmi()
    {
        Assert.Equal(Hex("01 0C00 00 03 01 00 0100 2400 0000"), Encode(NasMessages.GetServingSystem(), 1, 1));
        var s = NasMessages.ReadServingSystem(Answer(
            "01 6E00 80 03 01 02 0100 2400 6200 02 0400 00000000 01 0600 01 01 01 02 01 05 10 0100 01 11 0400 03030405" +
            "12 0A00 DE00 3200 05 49763A4C06 15 0300 010501 1B 0100 00 1C 0200 B45F 1D 0400 CF5A1301 21 0500 0203000000" +
            "25 0800 0300000003000000 26 0200 2201 27 0500 DE00 3200 00 28 0100 00"))!;
        Assert.Equal(NasMessages.RegistrationState.Registered, s.Registration);
        Assert.Equal("UMTS", s.Rat);
        Assert.Equal(false, s.Roaming);
        Assert.Equal((ushort)222, s.Mcc);
        Assert.Equal((ushort)50, s.Mnc);
        Assert.Equal("Iliad", s.Description);
        Assert.Equal("22250", s.Plmn);
    }

    [Fact]
    public void Nas_signal_indications_mode_preference()
    {
        Assert.Equal(Hex("01 0C00 00 03 01 00 0200 2000 0000"), Encode(NasMessages.GetSignalStrength(), 1, 2));
        Assert.Equal(Hex("01 1000 00 03 01 00 0300 0300 0400 13 0100 01"), Encode(NasMessages.RegisterServingSystemIndications(), 1, 3));
        // Mode preference UMTS|LTE = 0x0018, change duration permanent.
        Assert.Equal(Hex("01 1500 00 03 01 00 0400 3300 0900 11 0200 1800 17 0100 01"),
            Encode(NasMessages.SetModePreference(NasMessages.ModePreference.Umts | NasMessages.ModePreference.Lte), 1, 4));
        Assert.Equal(Hex("01 0C00 00 03 01 00 0500 3400 0000"), Encode(NasMessages.GetSystemSelectionPreference(), 1, 5));
        // Field report 4: 'umts' -65 dBm. TLV 0x01 = (gint8 -65 = 0xBF, radio 5).
        Assert.Equal(new NasMessages.Signal(-65, 5), NasMessages.ReadSignal(Answer("01 1800 80 03 01 02 0200 2000 0C00 02 0400 00000000 01 0200 BF05")));
    }

    // qmi-service-nas.json Initiate Network Register: Action (0x01) manual = 2, Manual Registration Info 3GPP (0x10)
    // = MCC u16, MNC u16, radio interface i8 (-1 unknown), MNC PCS Digit Include Status (0x12) for a three-digit MNC.
    [Fact]
    public void Nas_initiate_manual_register()
    {
        Assert.Equal(Hex("01 1800 00 03 02 00 0500 2200 0C00 01 0100 02 10 0500 0601 0100 FF"),
            Encode(NasMessages.InitiateManualRegister(NasMessages.Plmn.Parse("26201")!.Value), 2, 5));
        Assert.Equal(Hex("01 1C00 00 03 02 00 0600 2200 1000 01 0100 02 10 0500 3601 9A01 FF 12 0100 01"),
            Encode(NasMessages.InitiateManualRegister(NasMessages.Plmn.Parse("310410")!.Value), 2, 6));
        Assert.Null(NasMessages.Plmn.Parse("2620"));
        Assert.Null(NasMessages.Plmn.Parse("26a01"));
    }

    [Fact]
    public void Wds_start_network()
    {
        // APN "internet" (0x14), PAP|CHAP (0x16 = 3), user "u" (0x17), password "p" (0x18), IPv4 (0x19 = 4).
        Assert.Equal(Hex("01 2700 00 01 02 00 0700 2000 1B00 14 0800 696E7465726E6574 16 0100 03 17 0100 75 18 0100 70 19 0100 04"),
            Encode(WdsMessages.StartNetwork("internet", WdsMessages.Authentication.Pap | WdsMessages.Authentication.Chap, "u", "p", WdsMessages.IpFamily.IPv4), 2, 7));
        // No APN, no credentials: only the family.
        Assert.Equal(Hex("01 1000 00 01 02 00 0100 2000 0400 19 0100 06"), Encode(WdsMessages.StartNetwork(null, null, null, null, WdsMessages.IpFamily.IPv6), 2, 1));
    }

    [Fact]
    public void Wds_stop_status_settings_family()
    {
        Assert.Equal(Hex("01 1300 00 01 02 00 0800 2100 0700 01 0400 78563412"), Encode(WdsMessages.StopNetwork(0x12345678), 2, 8));
        // The global handle also disables autoconnect (0x10 = 1).
        Assert.Equal(Hex("01 1700 00 01 02 00 0900 2100 0B00 01 0400 FFFFFFFF 10 0100 01"), Encode(WdsMessages.StopNetwork(WdsMessages.GlobalHandle), 2, 9));
        Assert.Equal(Hex("01 0C00 00 01 02 00 0A00 2200 0000"), Encode(WdsMessages.GetPacketServiceStatus(), 2, 10));
        // Requested settings: DNS | IP address | gateway | MTU | IP family = 0x0000A310.
        Assert.Equal(Hex("01 1300 00 01 02 00 0B00 2D00 0700 10 0400 10A30000"), Encode(WdsMessages.GetCurrentSettings(), 2, 11));
        Assert.Equal(Hex("01 1000 00 01 02 00 0C00 4D00 0400 01 0100 06"), Encode(WdsMessages.SetIpFamily(WdsMessages.IpFamily.IPv6), 2, 12));
    }

    [Fact]
    public void Wds_start_answers()
    {
        Assert.Equal(0x0A0B0C0Du, WdsMessages.ReadStart(Answer("01 1A00 80 01 02 02 0100 2000 0E00 02 0400 00000000 01 0400 0D0C0B0A")).Handle);
        // CallFailed with end reason 1013 and verbose 3GPP cause 27: unknown APN.
        var failed = QmiMessage.TryParse(Hex("01 1F00 80 01 02 02 0100 2000 1300 02 0400 0100 0E00 10 0200 F503 11 0400 0600 1B00"), out _)!;
        var tlvs = new QmiTlvReader(failed);
        Assert.Equal(QmiError.CallFailed, tlvs.Result());
        var end = WdsMessages.ReadStart(tlvs).End;
        Assert.True(end.IsApnRejected);
        Assert.Equal("call end reason 1013 (unknown APN), verbose 3gpp 27 (missing or unknown APN)", end.ToString());
    }

    [Fact]
    public void Wds_current_settings_and_indication()
    {
        // Field report 4's lease as current settings: 10.153.204.94/30, gateway .93, DNS 10.11.12.13, MTU 1500, IPv4.
        var s = WdsMessages.ReadSettings(Answer(
            "01 3A00 80 01 02 02 0200 2D00 2E00 02 0400 00000000 15 0400 0D0C0B0A 1E 0400 5ECC990A 20 0400 5DCC990A" +
            " 21 0400 FCFFFFFF 29 0400 DC050000 2B 0100 04"));
        Assert.Equal(IPAddress.Parse("10.153.204.94"), s.Ipv4);
        Assert.Equal(IPAddress.Parse("10.153.204.93"), s.Ipv4Gateway);
        Assert.Equal(30, s.Ipv4Prefix);
        Assert.Equal([IPAddress.Parse("10.11.12.13")], s.Ipv4Dns);
        Assert.Equal(1500u, s.Mtu);
        Assert.Equal(WdsMessages.IpFamily.IPv4, s.Family);

        // Packet Service Status indication: disconnected, end reason 1003 (network end).
        var ind = QmiMessage.TryParse(Hex("01 1600 80 01 02 04 0100 2200 0A00 01 0200 0100 10 0200 EB03"), out _)!;
        Assert.Equal(QmiMessageKind.Indication, ind.Kind);
        var status = WdsMessages.ReadStatusIndication(new QmiTlvReader(ind))!;
        Assert.Equal(WdsMessages.ConnectionStatus.Disconnected, status.Status);
        Assert.Equal((ushort)1003, status.End.Reason);
    }

    [Fact]
    public void Wds_ipv6_settings()
    {
        var s = WdsMessages.ReadSettings(Answer(
            "01 5200 80 01 03 02 0100 2D00 4600 02 0400 00000000 25 1100 20010DB8000000010000000000000002 40" +
            " 26 1100 20010DB8000000010000000000000001 40 27 1000 20010DB8000000000000000000000053 2B 0100 06"));
        Assert.Equal(IPAddress.Parse("2001:db8:0:1::2"), s.Ipv6);
        Assert.Equal(64, s.Ipv6Prefix);
        Assert.Equal(IPAddress.Parse("2001:db8:0:1::1"), s.Ipv6Gateway);
        Assert.Equal([IPAddress.Parse("2001:db8::53")], s.Ipv6Dns);
    }

    [Fact]
    public void Wda_data_format()
    {
        Assert.Equal(Hex("01 0C00 00 1A 04 00 0100 2100 0000"), Encode(WdaMessages.GetDataFormat(), 4, 1));
        Assert.Equal(Hex("01 1300 00 1A 04 00 0200 2000 0700 11 0400 02000000"), Encode(WdaMessages.SetDataFormat(WdaMessages.LinkLayer.RawIp), 4, 2));
        Assert.Equal(WdaMessages.LinkLayer.Ethernet, WdaMessages.ReadLinkLayer(Answer("01 1A00 80 1A 04 02 0100 2100 0E00 02 0400 00000000 11 0400 01000000")));
        // E392 firmware without WDA: InvalidQmiCommand (71).
        var old = QmiMessage.TryParse(Hex("01 1300 80 1A 04 02 0100 2100 0700 02 0400 0100 4700"), out _)!;
        Assert.Equal(QmiError.InvalidQmiCommand, new QmiTlvReader(old).Result());
    }

    [Fact]
    public void Every_product_message_has_a_vector() =>
        // The table above covers each message of QmiMessages.All (WMS and VOICE: WmsVoiceVectorTests); a new message needs a vector.
        Assert.Equal(45, QmiMessages.All.Count);

    [Fact]
    public void A_packed_gsm7_operator_name_is_unpacked_with_the_sms_alphabet()
    {
        // "Iliad" packed 7-bit as some firmwares send it in NAS serving system; plain text stays as it is.
        Assert.Equal("Iliad", NasMessages.OperatorName([0x49, 0x76, 0x3A, 0x4C, 0x06]));
        Assert.Equal("SimNet", NasMessages.OperatorName("SimNet"u8.ToArray()));
    }
}
