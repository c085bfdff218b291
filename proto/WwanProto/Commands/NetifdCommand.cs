using WwanProto.Core;
using WwanProto.Core.At;
using WwanProto.Core.Netifd;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan netifd [-s UBUS_SOCKET] <proto> <action> <interface> '<config JSON>' [<device>]`: what the
/// shim /lib/netifd/proto/huaweiwwan.sh execs for netifd (`'' dump` at netifd start).
/// </summary>
public static class NetifdCommand
{
    /// <summary>Teardown's way to the modem when the session is gone: the AT engine, with the UUCP lock the session used.</summary>
    private static IAtChannel OpenControlPort(string path) =>
        AtChannel.Open(path, new AtChannelOptions { LockDir = SystemPaths.FromEnvironment().LockDir });

    public static int Run(string[] args)
    {
        string? socket = null;
        if (args.Length >= 2 && args[0] == "-s")
        {
            socket = args[1];
            args = args[2..];
        }
        if (args.Length >= 2 && args[1] == "dump")
        {
            StandardOutput.Write(NetifdDump.ToUtf8());
            return 0;
        }
        if (args.Length < 4)
            throw new UsageException("usage: netifd [-s UBUS_SOCKET] <proto> setup|teardown|renew|restart <interface> '<config JSON>' [<device>]  (or: netifd '' dump)");
        var call = new HandlerCall(args[0], args[1], args[2], args[3], args.Length > 4 ? args[4] : null, socket);
        return args[1] switch
        {
            "setup" => NetifdSetup.Run(call, Console.Error),
            "teardown" => NetifdTeardown.Run(call, Console.Error, OpenControlPort),
            // The dump declares no renew/restart handler; should netifd send one anyway, the session already supervises.
            "renew" or "restart" => 0,
            _ => throw new UsageException($"unknown action '{args[1]}' (netifd sends setup, teardown, renew, restart)"),
        };
    }
}
