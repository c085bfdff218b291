using WwanProto.Core.At;
using WwanProto.Core.Session;
using WwanProto.Core.Standalone;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The session's ubus object `huaweiwwan.IFACE`, the backend of LuCI's status view:
/// `status` → the ModemStatus with the same fields `huaweiwwan status --json` prints (one writer:
/// <see cref="StatusFile.ToJson"/>, IMSI left out); `at {"command":"AT+CSQ"}` → one read-only
/// query from <see cref="AtQueryAllowList"/> (anything else: INVALID_ARGUMENT, with the reason in the
/// reply's "error"). The session creates it with its status source and its AT queue, then publishes it.
/// </summary>
public sealed class UbusStatusObject
{
    private readonly Func<ModemStatus> _status;
    private readonly Func<string, Task<AtResponse>> _at;
    private readonly Func<LinkUp?>? _link;
    private readonly string _iface;

    public UbusObject Object { get; }
    public string Name => Object.Name;

    /// <param name="link">Optional: the link as last reported up (e.g. <see cref="NetifdReporter.LastLink"/>), for ifname/ipv4/ipv6.</param>
    /// <param name="more">Further methods on the same object (the session's SMS and USSD, <see cref="Sms.MessagingUbus"/>).</param>
    public UbusStatusObject(string iface, Func<ModemStatus> status, Func<string, Task<AtResponse>> at, Func<LinkUp?>? link = null,
        IReadOnlyList<UbusMethod>? more = null)
    {
        _iface = iface;
        _status = status;
        _at = at;
        _link = link;
        Object = new UbusObject($"huaweiwwan.{iface}", [
            new UbusMethod("status", [], StatusAsync),
            new UbusMethod("at", [new("command", BlobmsgType.String)], AtAsync),
            .. more ?? [],
        ]);
    }

    /// <summary>Registers the object on <paramref name="connection"/> (ADD_OBJECT).</summary>
    public Task PublishAsync(UbusConnection connection, CancellationToken cancellationToken) =>
        connection.AddObjectAsync(Object, cancellationToken);

    private Task<UbusResult> StatusAsync(UbusRequest request, CancellationToken ct)
    {
        var modem = _status();
        var link = _link?.Invoke();
        var status = new StandaloneStatus
        {
            Iface = _iface,
            Pid = Environment.ProcessId,
            Updated = DateTimeOffset.UtcNow,
            Modem = modem,
            Ifname = link?.Ifname ?? modem.Ifname,
            Ipv4 = link?.Ipv4,
            Ipv6 = link?.Ipv6,
        };
        var w = new BlobWriter();
        BlobmsgJson.WriteObjectMembers(w, System.Text.Encoding.UTF8.GetBytes(StatusFile.ToJson(status, indented: false)));
        return Task.FromResult(UbusResult.Ok(w.ToArray()));
    }

    private async Task<UbusResult> AtAsync(UbusRequest request, CancellationToken ct)
    {
        var arg = request.Arg("command");
        var command = arg is { Type: BlobmsgType.String } a ? a.GetString() : null;
        var w = new BlobWriter();
        if (AtQueryAllowList.Check(command, out var why) is not { } allowed)
        {
            // Sent as DATA before the failure status: `ubus call` prints it, our client puts it in the exception.
            w.String("error", why);
            return new UbusResult(UbusStatus.InvalidArgument, w.ToArray());
        }
        AtResponse answer;
        try
        {
            answer = await _at(allowed).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return UbusResult.Fail(UbusStatus.Timeout);
        }
        catch (IOException e)
        {
            w.String("error", e.Message);
            return new UbusResult(UbusStatus.NoData, w.ToArray());
        }
        w.String("command", allowed);
        var lines = w.OpenArray("lines");
        foreach (var line in answer.Lines) w.String(null, line);
        w.Close(lines);
        w.Bool("ok", answer.IsOk);
        w.String("final", answer.Final == AtFinal.Timeout ? "TIMEOUT" : answer.FinalLine);
        return UbusResult.Ok(w.ToArray());
    }
}
