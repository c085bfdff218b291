using System.Globalization;
using Microsoft.Win32.SafeHandles;
using WwanProto.Core.Config;
using WwanProto.Core.Links.Ppp;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan chat &lt;iface&gt; [--cid N] [--pdptype T] [--apn A] [--dial D] [--timeout S]`: pppd's connect
/// command. The modem port is stdin/stdout, so nothing but the modem conversation may go to stdout (not
/// even the Console class, which may write terminal control sequences); messages go to stderr, which
/// pppd logs. Exit status: 0 CONNECT, 1 usage, 2 port error, 3 no answer, 4 dial refused (NO CARRIER,
/// BUSY, ERROR), 5 PDP context refused, 6 port stuck in data mode.
/// </summary>
public static class ChatCommand
{
    public static int Run(string[] args)
    {
        using var stderr = new StreamWriter(new FileStream(new SafeFileHandle(2, ownsHandle: false), FileAccess.Write)) { AutoFlush = true };
        var settings = new ChatSettings();
        string? iface = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cid":
                    settings = settings with { Cid = Int(Value(), "--cid", 1, 16) };
                    break;
                case "--pdptype":
                    var type = Value();
                    settings = type is "IP" or "IPV6" or "IPV4V6" ? settings with { PdpType = type } : throw new UsageException($"--pdptype '{type}': expected IP, IPV6 or IPV4V6");
                    break;
                case "--apn":
                    var apn = Value();
                    settings = ValueRules.Apn(apn) is { } bad ? throw new UsageException($"--apn '{apn}': {bad}") : settings with { Apn = apn };
                    break;
                case "--dial":
                    var dial = Value();
                    settings = ValueRules.DialNumber(dial) is { } wrong ? throw new UsageException($"--dial '{dial}': {wrong}") : settings with { DialNumber = dial };
                    break;
                case "--timeout":
                    settings = settings with { DialTimeout = TimeSpan.FromSeconds(Int(Value(), "--timeout", 1, 600)) };
                    break;
                default:
                    if (args[i].StartsWith('-') || iface is not null) throw new UsageException($"unexpected argument '{args[i]}'");
                    iface = args[i];
                    break;
            }
        }
        if (iface is null) throw new UsageException("usage: huaweiwwan chat <iface> [--cid N] [--pdptype IP|IPV6|IPV4V6] [--apn APN] [--dial NUMBER] [--timeout S]");
        var port = new FdChatPort(0, 1, "modem port (stdin/stdout)");
        var result = new ChatDialer(port, settings, stderr).Run();
        return (int)result.Outcome;
    }

    private static int Int(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
            : throw new UsageException($"{name} '{text}': expected a number from {min} to {max}");
}
