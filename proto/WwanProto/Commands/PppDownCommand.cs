using WwanProto.Core;
using WwanProto.Core.Netifd;

namespace WwanProto.Commands;

/// <summary>
/// `huaweiwwan ppp-down ifname tty speed local remote ipparam`: pppd's ip-down-script and ipv6-down-script when pppd is the netifd
/// proto task (via the shim /lib/netifd/huaweiwwan-ppp-down, for both): link-up false (quiet when netifd is tearing down). See <see cref="PppHooks"/>.
/// </summary>
public static class PppDownCommand
{
    public static int Run(string[] args) =>
        PppHooks.RunAsync(PppHooks.Down, args, Environment.GetEnvironmentVariable, SystemPaths.FromEnvironment(), Console.Error, CancellationToken.None)
            .GetAwaiter().GetResult();
}
