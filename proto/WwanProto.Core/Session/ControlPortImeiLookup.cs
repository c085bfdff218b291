using WwanProto.Core.At;
using WwanProto.Core.Usb;

namespace WwanProto.Core.Session;

/// <summary>
/// For device=imei:…: asks AT+CGSN on the ports the descriptors call control (PCUI or cdc-wdm AT), with
/// the UUCP lock, so a port another session holds is skipped rather than disturbed.
/// </summary>
public sealed class ControlPortImeiLookup(SystemPaths paths) : IImeiLookup
{
    public async Task<string?> GetImeiAsync(UsbDevice device, CancellationToken cancellationToken)
    {
        foreach (var port in device.Ports.Where(p => p.Role is PortRole.Control or PortRole.CdcWdmAt))
        {
            AtChannel channel;
            try
            {
                channel = AtChannel.Open(paths.Dev(port.Name), new AtChannelOptions { LockDir = paths.LockDir });
            }
            catch (IOException)
            {
                continue;
            }
            await using (channel.ConfigureAwait(false))
            {
                var answer = await channel.SendAsync("AT+CGSN", TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                if (!answer.IsOk) continue;
                foreach (var line in answer.Lines)
                {
                    var digits = (line.StartsWith("+CGSN:", StringComparison.Ordinal) ? line[6..] : line).Trim().Trim('"');
                    if (digits.Length == 15 && digits.All(char.IsAsciiDigit)) return digits;
                }
            }
        }
        return null;
    }
}
