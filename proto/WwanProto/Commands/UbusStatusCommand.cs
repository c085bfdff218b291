using WwanProto.Core.Netifd;
using WwanProto.Core.Ubus;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan ubus-status [IFACE]`: what rpcd's `huaweiwwan status` answers LuCI, as one JSON line
/// (see <see cref="InterfaceStatusReport"/>). ubusd's socket: $HUAWEIWWAN_UBUS or OpenWrt's default.
/// Every ubus request is bounded by 3 s. Failures print `{"error":"..."}` too, so the plugin can pass it on.
/// Exit status: 0 answered, 1 ubus failed, 2 usage.
/// </summary>
public static class UbusStatusCommand
{
    private static readonly TimeSpan PerCall = TimeSpan.FromSeconds(3);

    public static int Run(string[] args)
    {
        if (args is ["-h" or "--help"])
        {
            Console.Out.WriteLine("usage: huaweiwwan ubus-status [IFACE]");
            return 0;
        }
        if (args.Length > 1)
        {
            Console.Out.WriteLine(InterfaceStatusReport.Error($"unexpected argument '{args[1]}'"));
            return 2;
        }
        var iface = args.Length == 1 ? args[0] : null;
        if (iface is not null && !InterfaceStatusReport.IsValidName(iface))
        {
            Console.Out.WriteLine(InterfaceStatusReport.Error($"invalid interface name '{iface}' (letters, digits and _ only)"));
            return 2;
        }
        try
        {
            Console.Out.WriteLine(RunAsync(iface).GetAwaiter().GetResult());
            return 0;
        }
        catch (UbusException e)
        {
            Console.Out.WriteLine(InterfaceStatusReport.Error(e.Message));
            return 1;
        }
    }

    private static async Task<string> RunAsync(string? iface)
    {
        await using var c = await UbusConnection.ConnectAsync(null, PerCall).ConfigureAwait(false);
        return await InterfaceStatusReport.BuildAsync(c, iface, CancellationToken.None).ConfigureAwait(false);
    }
}
