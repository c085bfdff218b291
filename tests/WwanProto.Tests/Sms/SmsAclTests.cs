using System.Text.Json.Nodes;
using WwanProto.Core.Sms;
using WwanProto.Tests.Packaging;
using Xunit;

namespace WwanProto.Tests.Sms;

/// <summary>
/// rpcd ACLs for the session's messaging methods: reading (sms_list, sms_read) and sending (sms_send, sms_delete,
/// ussd) are separate groups, in the core package and in LuCI's, and name exactly the methods the object has.
/// </summary>
public sealed class SmsAclTests
{
    private static IEnumerable<string> Methods(JsonNode acl, string group, string access) =>
        acl[group]![access]!["ubus"]!["huaweiwwan.*"]!.AsArray().Select(m => m!.GetValue<string>());

    [Theory]
    [InlineData("huaweiwwan/files/huaweiwwan.acl.json", "huaweiwwan-sms-read", "huaweiwwan-sms-send")]
    [InlineData("luci-proto-huaweiwwan/root/usr/share/rpcd/acl.d/luci-proto-huaweiwwan.json", "luci-proto-huaweiwwan-sms-read", "luci-proto-huaweiwwan-sms-send")]
    public void Reading_and_sending_are_separate_permissions(string file, string readGroup, string sendGroup)
    {
        var acl = JsonNode.Parse(File.ReadAllText(RepoPaths.Of(["feeds", .. file.Split('/')])))!;
        Assert.Equal(MessagingUbus.ReadMethods.Order(), Methods(acl, readGroup, "read").Order());
        Assert.Null(acl[readGroup]!["write"]);
        Assert.Equal(MessagingUbus.SendMethods.Order(), Methods(acl, sendGroup, "write").Order());
        Assert.Null(acl[sendGroup]!["read"]?["ubus"]?["huaweiwwan.*"]);
        var served = MessagingUbus.Methods(new SessionMessaging(() => null, () => new WwanProto.Core.Session.ModemStatus(), () => "starting", TimeSpan.FromSeconds(1), _ => { }))
            .Select(m => m.Name).Order();
        Assert.Equal(MessagingUbus.ReadMethods.Concat(MessagingUbus.SendMethods).Order(), served);
    }
}
