using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// The rpcd exec plugin (ubus object "huaweiwwan"), the ACLs that allow it and the LuCI code that
/// calls it agree on object and method names; its answers are JSON objects as rpcd requires.
/// </summary>
public partial class RpcdPluginTests
{
    private static string Plugin => RepoPaths.Of("feeds", "huaweiwwan", "files", "huaweiwwan.rpcd");

    [GeneratedRegex(@"rpc\.declare\(\{\s*object:\s*'([^']+)',\s*method:\s*'([^']+)'")]
    private static partial Regex RpcDeclare();

    private static IEnumerable<(string Object, string Method)> LuciCalls() =>
        Directory.EnumerateFiles(RepoPaths.Of("feeds", "luci-proto-huaweiwwan", "htdocs"), "*.js", SearchOption.AllDirectories)
            .SelectMany(f => RpcDeclare().Matches(File.ReadAllText(f)).Select(m => (m.Groups[1].Value, m.Groups[2].Value)));

    private static HashSet<string> AclMethods(string file, string group) =>
        JsonNode.Parse(File.ReadAllText(file))![group]!["read"]!["ubus"]!["huaweiwwan"]!.AsArray()
            .Select(m => m!.GetValue<string>()).ToHashSet();

    [Fact(Timeout = 30_000)]
    public async Task Plugin_list_ACLs_and_LuCI_calls_name_the_same_methods()
    {
        var list = await ProcessRunner.RunAsync("busybox", ["sh", Plugin, "list"], TimeSpan.FromSeconds(10));
        Assert.Equal(0, list.ExitCode);
        var methods = JsonNode.Parse(list.Stdout)!.AsObject().Select(kv => kv.Key).ToHashSet();
        Assert.Equal(["modems", "status"], methods.Order());

        var calls = LuciCalls().ToList();
        Assert.Contains(("huaweiwwan", "modems"), calls);
        Assert.Contains(("huaweiwwan", "status"), calls);
        Assert.All(calls, c => Assert.Equal("huaweiwwan", c.Object));

        var core = AclMethods(RepoPaths.Of("feeds", "huaweiwwan", "files", "huaweiwwan.acl.json"), "huaweiwwan");
        var luci = AclMethods(RepoPaths.Of("feeds", "luci-proto-huaweiwwan", "root", "usr", "share", "rpcd", "acl.d", "luci-proto-huaweiwwan.json"),
            "luci-proto-huaweiwwan");
        Assert.Equal(methods, core);
        Assert.Equal(methods, luci);
    }

    [Fact(Timeout = 400_000)]
    public async Task Modems_call_answers_a_JSON_object_with_a_modem_list()
    {
        var bin = (await PackageBuild.GetAsync()).Binary;
        var r = await ProcessRunner.RunAsync("busybox", ["sh", Plugin, "call", "modems"], TimeSpan.FromSeconds(60),
            environment: new Dictionary<string, string?> { ["HUAWEIWWAN_BIN"] = bin, ["HUAWEIWWAN_SYSFS"] = Path.GetTempPath() },
            stdin: "{}");
        Assert.Equal(0, r.ExitCode);
        var answer = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.IsType<JsonArray>(answer["modems"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Unknown_method_is_refused_with_a_JSON_error()
    {
        var r = await ProcessRunner.RunAsync("busybox", ["sh", Plugin, "call", "reboot"], TimeSpan.FromSeconds(10), stdin: "{}");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("unknown method 'reboot'", JsonNode.Parse(r.Stdout)!["error"]!.GetValue<string>());
    }
}
