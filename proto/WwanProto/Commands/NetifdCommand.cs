using WwanProto.Core.Netifd;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan netifd [-s UBUS_SOCKET] <proto> <action> <interface> '<config JSON>' [<device>]`: what the
/// shim /lib/netifd/proto/huaweiwwan.sh execs for netifd (`'' dump` at netifd start).
/// </summary>
public static class NetifdCommand
{
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
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(NetifdDump.ToUtf8());
            return 0;
        }
        if (args.Length < 4)
            throw new UsageException("usage: netifd [-s UBUS_SOCKET] <proto> setup|teardown|renew|restart <interface> '<config JSON>' [<device>]  (or: netifd '' dump)");
        throw new UsageException($"action '{args[1]}' is not available yet");
    }
}
