using System.Net.Sockets;
using WwanProto.Core.Ubus;
using Xunit;

namespace WwanProto.Tests.Ubus;

public sealed class UbusConnectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Calls_notify_proto_and_add_dynamic_on_the_double()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        await using var c = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        Assert.NotEqual(0u, c.ClientId);
        await c.CallAsync("network.interface.wan", "notify_proto", BlobmsgJson.FromJson("""{"action":3,"error":["PIN_FAILED","3"]}"""));
        await c.CallAsync("network", "add_dynamic", BlobmsgJson.FromJson("""{"name":"wan_4","ifname":"@wan","proto":"dhcp"}"""));
        var calls = ubusd.Calls;
        Assert.Equal("""{"action":3,"error":["PIN_FAILED","3"]}""", calls[0].Json);
        Assert.Equal("add_dynamic", calls[1].Method);
    }

    [Fact]
    public async Task Missing_object_is_NOT_FOUND_and_teardown_refusal_is_PERMISSION_DENIED()
    {
        await using var ubusd = new UbusdDouble();
        ubusd.AddInterface("wan");
        await using var c = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        var e = await Assert.ThrowsAsync<UbusException>(() => c.CallAsync("network.interface.nosuch", "notify_proto", BlobmsgJson.FromJson("""{"action":1}""")));
        Assert.Equal(UbusStatus.NotFound, e.Status);
        Assert.Contains("network.interface.nosuch", e.Message);
        Assert.Contains("NOT_FOUND", e.Message);

        ubusd.SetTearingDown("wan", true);
        e = await Assert.ThrowsAsync<UbusException>(() => c.CallAsync("network.interface.wan", "notify_proto", BlobmsgJson.FromJson("""{"action":0,"link-up":false}""")));
        Assert.Equal(UbusStatus.PermissionDenied, e.Status);
        Assert.Contains("PERMISSION_DENIED", e.Message);
    }

    [Fact]
    public async Task Our_object_is_invoked_through_ubusd()
    {
        await using var ubusd = new UbusdDouble();
        await using var owner = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        var obj = new UbusObject("huaweiwwan.test", [
            new UbusMethod("echo", [new("text", BlobmsgType.String)], (req, _) =>
            {
                var w = new BlobWriter();
                w.String("echo", req.Arg("text")?.GetString() ?? "");
                return Task.FromResult(UbusResult.Ok(w.ToArray()));
            }),
            new UbusMethod("deny", [], (_, _) => Task.FromResult(UbusResult.Fail(UbusStatus.PermissionDenied))),
        ]);
        await owner.AddObjectAsync(obj);
        Assert.NotEqual(0u, obj.Id);

        await using var caller = await UbusConnection.ConnectAsync(ubusd.SocketPath, Bound);
        var reply = await caller.CallAsync("huaweiwwan.test", "echo", BlobmsgJson.FromJson("""{"text":"hi"}"""));
        Assert.Equal("""{"echo":"hi"}""", reply.ToJson());
        var e = await Assert.ThrowsAsync<UbusException>(() => caller.CallAsync("huaweiwwan.test", "deny", BlobmsgJson.FromJson("{}")));
        Assert.Equal(UbusStatus.PermissionDenied, e.Status);
        e = await Assert.ThrowsAsync<UbusException>(() => caller.CallAsync("huaweiwwan.test", "nosuch", BlobmsgJson.FromJson("{}")));
        Assert.Equal(UbusStatus.MethodNotFound, e.Status);

        await owner.RemoveObjectAsync(obj);
        e = await Assert.ThrowsAsync<UbusException>(() => caller.CallAsync("huaweiwwan.test", "echo", BlobmsgJson.FromJson("{}")));
        Assert.Equal(UbusStatus.NotFound, e.Status);
    }

    [Fact]
    public async Task No_socket_is_CONNECTION_FAILED_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-ubus-{Guid.NewGuid():N}.sock");
        var e = await Assert.ThrowsAsync<UbusException>(() => UbusConnection.ConnectAsync(path, Bound));
        Assert.Equal(UbusStatus.ConnectionFailed, e.Status);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public async Task A_silent_server_is_TIMEOUT()
    {
        var dir = Directory.CreateTempSubdirectory("mute-ubusd-").FullName;
        try
        {
            var path = Path.Combine(dir, "ubus.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var e = await Assert.ThrowsAsync<UbusException>(() => UbusConnection.ConnectAsync(path, TimeSpan.FromMilliseconds(300)));
            Assert.Equal(UbusStatus.Timeout, e.Status);
            Assert.Contains("HELLO", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Socket_path_comes_from_option_then_environment_then_default()
    {
        Assert.Equal("/tmp/x.sock", UbusSocketPath.Resolve("/tmp/x.sock"));
        if (Environment.GetEnvironmentVariable(UbusSocketPath.EnvironmentVariable) is null)
            Assert.Contains("ubus", UbusSocketPath.Resolve());
    }
}
