using WwanProto.Core;
using WwanProto.Core.Netifd;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan ppp-up ifname tty speed local remote ipparam`: pppd's ip-up-script when pppd is the netifd
/// proto task (via the shim /lib/netifd/huaweiwwan-ppp-up): link-up with the negotiated IPv4 address, route and DNS. See <see cref="PppHooks"/>.
/// </summary>
public static class PppUpCommand
{
    public static int Run(string[] args) =>
        PppHooks.RunAsync(PppHooks.Up, args, Environment.GetEnvironmentVariable, SystemPaths.FromEnvironment(), Console.Error, CancellationToken.None)
            .GetAwaiter().GetResult();
}
