using WwanProto.Core;
using WwanProto.Core.Netifd;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan ppp6-up ifname tty speed local remote ipparam`: pppd's ipv6-up-script when pppd is the netifd
/// proto task (via the shim /lib/netifd/huaweiwwan-ppp6-up): the link-local address and the dhcpv6 child. See <see cref="PppHooks"/>.
/// </summary>
public static class Ppp6UpCommand
{
    public static int Run(string[] args) =>
        PppHooks.RunAsync(PppHooks.Up6, args, Environment.GetEnvironmentVariable, SystemPaths.FromEnvironment(), Console.Error, CancellationToken.None)
            .GetAwaiter().GetResult();
}
