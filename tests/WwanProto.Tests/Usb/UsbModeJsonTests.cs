using Xunit;
using System.Text;
using WwanProto.Core.Usb;
using WwanProto.Core.Usb.Switching;

namespace WwanProto.Tests.Usb;

/// <summary>OpenWrt's /etc/usb-mode.json, read as-is (openwrt-handlers.md §4.2, §4.4).</summary>
public class UsbModeJsonTests
{
    // Shaped like the file convert-modeswitch.pl generates: tab-indented, decimal ids, message indices.
    public const string Sample = """
        {
        	"messages" : [
        		"5553424312345678000000000000061e000000000000000000000000000000",
        		"55534243123456780000000000000011062000000100000000000000000000",
        		"55534243123456780000000000000011060000000000000000000000000000",
        		"5553424312345678000000000000061b000000020000000000000000000000"
        	],

        	"devices" : {
        		"0408:f000": {
        			":uMa=Yota": {
        				"t_vendor": 1032,
        				"t_product": [ 53257 ],
        				"msg": [ 3 ]
        			}
        		},
        		"12d1:1001": {
        			"*": {
        				"t_class": 255,
        				"mode": "Huawei"
        			}
        		},
        		"12d1:14fe": {
        			"*": {
        				"t_vendor": 4817,
        				"t_product": [ 5382, 5391, 5405, 7198 ],
        				"mode": "HuaweiNew",
        				"msg": [  ]
        			}
        		},
        		"12d1:1505": {
        			"*": {
        				"t_vendor": 4817,
        				"t_product": [ 5131, 5132, 5382, 5391, 5386 ],
        				"msg": [ 1 ],
        				"response": true
        			}
        		},
        		"12d1:1f01": {
        			"*": {
        				"t_vendor": 4817,
        				"t_product": [ 5339, 5340 ],
        				"mode": "HuaweiNew",
        				"msg": [  ]
        			}
        		},
        		"12d1:1573": {
        			"*": {
        				"config": 2
        			}
        		},
        		"3426:1f01": {
        			"*": {
        				"t_vendor": 13350,
        				"t_product": [ 5339 ],
        				"mode": "HuaweiNew",
        				"msg": [  ]
        			}
        		}
        	}
        }
        """;

    [Fact]
    public void Parses_devices_match_keys_and_message_indices()
    {
        var rules = UsbModeJson.Parse(Encoding.UTF8.GetBytes(Sample));
        Assert.Equal(7, rules.Count);
        var yota = rules.Single(r => r.Vendor == 0x0408);
        Assert.Equal(":uMa=Yota", yota.MatchKey);
        Assert.Equal(0xf000, yota.Product);
        Assert.Equal("5553424312345678000000000000061b000000020000000000000000000000", Convert.ToHexString(Assert.Single(yota.Messages)).ToLowerInvariant());
        Assert.Equal([53257], yota.TargetProducts);

        var e1505 = rules.Single(r => r.Product == 0x1505);
        Assert.Equal(SwitchMessages.StickLinux, Convert.ToHexString(Assert.Single(e1505.Messages)).ToLowerInvariant());
        Assert.True(e1505.Response);
        Assert.Equal("Generic", e1505.Mode);

        var f01 = rules.Single(r => r.Vendor == 0x12d1 && r.Product == 0x1f01);
        Assert.Equal("HuaweiNew", f01.Mode);
        Assert.Empty(f01.Messages);
        Assert.Equal([0x14db, 0x14dc], f01.TargetProducts);
        Assert.Equal(SwitchTarget.HiLink, f01.Target);
        Assert.Equal(255, rules.Single(r => r.Product == 0x1001).TargetClass);
        Assert.Equal(2, rules.Single(r => r.Product == 0x1573).Configuration);
        Assert.All(rules, r => Assert.Equal("usb-mode.json", r.Source));
    }

    [Fact]
    public void Match_keys_compare_usb_strings_and_ignore_scsi_keys()
    {
        var rule = new SwitchRule { Vendor = 0x0408, Product = 0xf000, MatchKey = ":uMa=Yota" };
        var device = new UsbDevice { Name = "1-1", SysPath = "/x", Vendor = 0x0408, Product = 0xf000, Manufacturer = "Yota Devices" };
        Assert.True(rule.Matches(device));
        Assert.False(rule.Matches(device with { Manufacturer = "Other" }));
        Assert.True((rule with { MatchKey = ":uPr=Mega" }).Matches(device with { ProductName = "Megafon" }));
        Assert.True((rule with { MatchKey = ":sVe=HUAWEI" }).Matches(device));
        Assert.False((rule with { MatchKey = "*" }).Matches(device with { Product = 0xf001 }));
    }

    [Theory]
    [InlineData("{\"messages\":[\"abc\"]}", "messages[0] is not an even-length hex string")]
    [InlineData("{\"messages\":[\"00\"],\"devices\":{\"12d1:1f01\":{\"*\":{\"msg\":[4]}}}}", "devices.\"12d1:1f01\".\"*\".msg: index 4 is out of range (1 messages)")]
    [InlineData("{\"devices\":{\"12d1-1f01\":{}}}", "devices key \"12d1-1f01\" is not vvvv:pppp")]
    [InlineData("{\"devices\":{\"12d1:1f01\":{\"*\":{\"t_vendor\":\"x\"}}}}", ".t_vendor is not a number")]
    [InlineData("[1,2]", "the top level is not an object")]
    [InlineData("{", "not valid JSON")]
    public void Malformed_files_name_the_entry(string json, string message)
    {
        var e = Assert.Throws<UsbModeConfigException>(() => UsbModeJson.Parse(Encoding.UTF8.GetBytes(json), "/etc/usb-mode.json"));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("/etc/usb-mode.json", e.Message);
    }

    [Fact]
    public void Missing_file_means_no_rules()
    {
        Assert.Empty(UsbModeJson.Load("/nonexistent/usb-mode.json"));
    }

    [Fact]
    public void Stick_preference_uses_our_HuaweiAlt_where_usb_mode_json_would_give_HiLink()
    {
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t);
        var device = UsbTree.Load(t.Paths).Devices.Single();
        var rules = new SwitchRules(UsbModeJson.Parse(Encoding.UTF8.GetBytes(Sample)), SwitchTable.Rules);
        var stick = rules.Choose(device, UsbModePreference.Stick)!;
        Assert.Equal("huaweiwwan", stick.Source);
        Assert.Equal(SwitchMessages.HuaweiAlt, Hex(stick.Messages[0]));
        var hilink = rules.Choose(device, UsbModePreference.HiLink)!;
        Assert.Equal("usb-mode.json", hilink.Source);
        Assert.Null(rules.Choose(device, UsbModePreference.None));
    }

    [Fact]
    public void A_user_edited_HuaweiAlt_entry_is_used_as_is_for_stick_even_with_hilink_t_product()
    {
        // mrhaav's README: append the CDC NCM CBW to "messages" and point 12d1:1f01 at it with mode "HuaweiAlt",
        // leaving t_product at [5339, 5340].
        var json = Sample.Replace("\"5553424312345678000000000000061b000000020000000000000000000000\"",
                "\"5553424312345678000000000000061b000000020000000000000000000000\",\n\"55534243123456780000000000000011063000000000010000000000000000\"")
            .Replace("\"t_product\": [ 5339, 5340 ],\n\t\t\t\t\"mode\": \"HuaweiNew\",\n\t\t\t\t\"msg\": [  ]",
                "\"t_product\": [ 5339, 5340 ],\n\t\t\t\t\"mode\": \"HuaweiAlt\",\n\t\t\t\t\"msg\": [ 4 ]");
        var rules = new SwitchRules(UsbModeJson.Parse(Encoding.UTF8.GetBytes(json)), SwitchTable.Rules);
        var edited = rules.UsbModeJson.Single(r => r.Vendor == 0x12d1 && r.Product == 0x1f01);
        Assert.Equal("HuaweiAlt", edited.Mode);
        Assert.Equal(SwitchTarget.Stick, edited.Target);
        using var t = new SysfsTree();
        FieldDevices.Storage1f01(t);
        var chosen = rules.Choose(UsbTree.Load(t.Paths).Devices.Single(), UsbModePreference.Stick)!;
        Assert.Equal("usb-mode.json", chosen.Source);
        Assert.Equal("55534243123456780000000000000011063000000000010000000000000000", Hex(chosen.Messages[0]));
    }

    private static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();
}
