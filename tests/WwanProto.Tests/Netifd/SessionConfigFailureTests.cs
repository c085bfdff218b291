using WwanProto.Tests.Packaging;
using WwanProto.Tests.Ubus;
using Xunit;

namespace WwanProto.Tests.Netifd;

/// <summary>
/// Issue 11 #10: `huaweiwwan session IFACE` with an empty or corrupt options file ($HUAWEIWWAN_CONFIG) used to
/// die of an uncaught InvalidDataException. Now: one line naming the file, CONFIG_INVALID and a restart block
/// to netifd, exit status 1.
/// </summary>
public sealed class SessionConfigFailureTests
{
    [Theory]
    [InlineData("")]
    [InlineData("{\"interface\":\"wan\",\"options\":{\"apn\":")]
    [InlineData("{\"interface\":\"wan\",\"options\":{\"mtu\":\"many\"}}")]
    public async Task A_broken_session_file_is_reported_to_netifd(string content)
    {
        await using var ubusd = new UbusdDouble(null, "wan");
        var dir = Directory.CreateTempSubdirectory("session-config-");
        try
        {
            var file = Path.Combine(dir.FullName, "wan.config.json");
            await File.WriteAllTextAsync(file, content);
            var r = await ProcessRunner.RunAsync(Path.Combine(AppContext.BaseDirectory, "huaweiwwan"), ["session", "wan"], TimeSpan.FromSeconds(60),
                environment: new Dictionary<string, string?> { ["HUAWEIWWAN_CONFIG"] = file, ["HUAWEIWWAN_UBUS"] = ubusd.SocketPath });
            Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Stderr}");
            Assert.StartsWith($"session: cannot read the options setup stored: {file}: ", r.Stderr);
            var calls = await ubusd.WaitForAsync(c => c.Any(x => x.Action == 4), TimeSpan.FromSeconds(10));
            var error = Assert.Single(calls, c => c.Action == 3);
            Assert.Contains("\"CONFIG_INVALID\"", error.Json);
            Assert.Contains(file, error.Json);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
