using System.Text.Json;
using WwanProto.Core;
using WwanProto.Core.Sms;
using WwanProto.Core.Standalone;
using WwanProto.Core.Ubus;

namespace WwanProto.Commands;

/// <summary>
/// Where `huaweiwwan sms` and `ussd` send their request: the standalone `up`'s socket in the state directory when
/// one runs, else the session's ubus object huaweiwwan.IFACE under netifd (the single one when --iface is not
/// given). Either way the answer is the method's status name and its data as JSON.
/// </summary>
internal sealed class MessagingTarget
{
    private readonly string? _socket;
    private readonly string? _object;

    private MessagingTarget(string? socket, string? obj)
    {
        _socket = socket;
        _object = obj;
    }

    public string Name => _socket ?? $"ubus {_object}";

    public static async Task<MessagingTarget> FindAsync(string? iface, CancellationToken ct)
    {
        var paths = SystemPaths.FromEnvironment();
        var (standalone, _) = StandaloneTarget.Resolve(paths, iface);
        if (standalone is not null && File.Exists(MessagingSocket.PathFor(paths, standalone)))
            return new MessagingTarget(MessagingSocket.PathFor(paths, standalone), null);
        if (iface is not null) return new MessagingTarget(null, $"huaweiwwan.{iface}");
        try
        {
            await using var c = await UbusConnection.ConnectAsync(null, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            var sessions = (await c.LookupAsync("huaweiwwan.*", ct).ConfigureAwait(false)).Select(o => o.Path).Where(p => p.StartsWith("huaweiwwan.", StringComparison.Ordinal)).ToList();
            return sessions.Count switch
            {
                1 => new MessagingTarget(null, sessions[0]),
                0 => throw new MessagingException("no huaweiwwan session is running (no standalone `up`, no huaweiwwan.* object on ubus)", "NOT_AVAILABLE"),
                _ => throw new MessagingException($"several sessions are running ({string.Join(", ", sessions.Select(s => s["huaweiwwan.".Length..]))}); name one with --iface", "INVALID_ARGUMENT"),
            };
        }
        catch (UbusException e) when (e.Status is UbusStatus.NotFound)
        {
            throw new MessagingException("no huaweiwwan session is running (no standalone `up`, no huaweiwwan.* object on ubus)", "NOT_AVAILABLE");
        }
        catch (UbusException e) when (e.Status is UbusStatus.ConnectionFailed)
        {
            throw new MessagingException($"no huaweiwwan session found: no standalone `up` in {paths.StateDir} and no ubus ({e.Message})", "NOT_AVAILABLE");
        }
    }

    /// <summary>Calls <paramref name="method"/>; ("OK", data) or (status name, {"error": …}).</summary>
    public async Task<(string Status, JsonElement Data)> CallAsync(string method, string argsJson, CancellationToken ct)
    {
        string status, json;
        if (_socket is not null)
        {
            try
            {
                (status, json) = await MessagingSocket.CallAsync(_socket, method, argsJson, ct).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new MessagingException($"{_socket}: {e.Message} (is `huaweiwwan up` still running?)", "NOT_AVAILABLE");
            }
        }
        else
        {
            try
            {
                await using var c = await UbusConnection.ConnectAsync(null, MessagingSocket.ClientBound, ct).ConfigureAwait(false);
                var reply = await c.CallAsync(_object!, method, BlobmsgJson.FromJson(argsJson), ct).ConfigureAwait(false);
                (status, json) = ("OK", reply.ToJson());
            }
            catch (UbusException e)
            {
                (status, json) = (UbusStatusNames.Name(e.Status), ErrorJson(e.Message));
            }
        }
        return (status, JsonDocument.Parse(json).RootElement.Clone());
    }

    public static string ErrorJson(string message)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartObject();
            j.WriteString("error", message);
            j.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A JSON object of string/bool arguments, in order.</summary>
    public static string Args(params (string Name, object? Value)[] args)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartObject();
            foreach (var (name, value) in args)
            {
                switch (value)
                {
                    case null: break;
                    case bool b: j.WriteBoolean(name, b); break;
                    default: j.WriteString(name, value.ToString()); break;
                }
            }
            j.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
