using WwanProto.Core.Session;
using WwanProto.Core.Ubus;

namespace WwanProto.Core.Netifd;

/// <summary>
/// The session could not read the options `netifd setup` stored (file gone, empty, corrupt): netifd gets
/// CONFIG_INVALID with the file name and a restart block (a restart would read the same file), so the
/// interface shows the error instead of a session that died without a word.
/// </summary>
public static class SessionConfigFailure
{
    public static async Task ReportAsync(string iface, Action<string> log, CancellationToken cancellationToken)
    {
        var file = Environment.GetEnvironmentVariable(SessionConfigFile.EnvironmentVariable) ?? "";
        try
        {
            await using var netifd = new NetifdNotifier(iface, UbusSocketPath.Resolve());
            await netifd.NotifyAsync(NotifyMessages.Error(iface, ErrorCodes.ConfigInvalid, [file]), cancellationToken).ConfigureAwait(false);
            await netifd.NotifyAsync(NotifyMessages.BlockRestart(iface), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UbusException or IOException)
        {
            log($"session: cannot report {ErrorCodes.ConfigInvalid} to netifd: {e.Message}");
        }
    }
}
