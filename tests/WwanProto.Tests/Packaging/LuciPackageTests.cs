using System.Text.Json.Nodes;
using Xunit;

namespace WwanProto.Tests.Packaging;

/// <summary>`make ipk`'s luci-proto-huaweiwwan package: luci.mk's layout, a menu entry that points at a shipped view.</summary>
public class LuciPackageTests
{
    [Fact(Timeout = 400_000)]
    public async Task Luci_package_ships_form_view_menu_and_acl()
    {
        var ipk = IpkArchive.Read((await PackageBuild.GetAsync()).Luci);
        var f = ipk.Fields();
        Assert.Equal("luci-proto-huaweiwwan", f["Package"]);
        Assert.Equal("all", f["Architecture"]);
        Assert.Contains("huaweiwwan", f["Depends"].Split(',', StringSplitOptions.TrimEntries));

        foreach (var path in new[]
        {
            "/www/luci-static/resources/protocol/huaweiwwan.js",
            "/www/luci-static/resources/huaweiwwan/schema.js",
            "/www/luci-static/resources/view/huaweiwwan/status.js",
        })
            Assert.NotNull(ipk.DataFile(path));

        var menu = JsonNode.Parse(ipk.DataFile("/usr/share/luci/menu.d/luci-proto-huaweiwwan.json")!.Data)!.AsObject();
        var entry = menu["admin/status/huaweiwwan"]!;
        Assert.Equal("view", entry["action"]!["type"]!.GetValue<string>());
        Assert.NotNull(ipk.DataFile($"/www/luci-static/resources/view/{entry["action"]!["path"]!.GetValue<string>()}.js"));

        var acl = JsonNode.Parse(ipk.DataFile("/usr/share/rpcd/acl.d/luci-proto-huaweiwwan.json")!.Data)!.AsObject();
        Assert.All(entry["depends"]!["acl"]!.AsArray(), g => Assert.True(acl.ContainsKey(g!.GetValue<string>())));
    }
}
