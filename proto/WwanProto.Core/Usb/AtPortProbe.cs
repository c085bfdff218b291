using WwanProto.Core.At;
using WwanProto.Core.Native;

namespace WwanProto.Core.Usb;

/// <summary>
/// <see cref="IPortProbe"/> over the AT engine: opens the port (UUCP lock when a lock dir is given, so a
/// port in use by a session is reported busy, never stolen), sends "AT" up to three times within the
/// bound (a stick that just enumerated may swallow the first), and closes it again.
/// </summary>
public sealed class AtPortProbe(string? lockDir = null) : IPortProbe
{
    private const int Tries = 3;

    public async Task<bool> AnswersAtAsync(string devicePath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var channel = OpenOrNull(devicePath);
        if (channel is null) return false;
        return await AnswersAsync(channel, timeout, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetPortModeAsync(string devicePath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var channel = OpenOrNull(devicePath);
        if (channel is null) return null;
        var answer = await channel.SendAsync("AT^GETPORTMODE", timeout, cancellationToken).ConfigureAwait(false);
        return answer.IsOk ? answer.Lines.FirstOrDefault(l => l.StartsWith("^GETPORTMODE", StringComparison.OrdinalIgnoreCase)) : null;
    }

    /// <summary>"AT" until OK, at most <see cref="Tries"/> times, all within <paramref name="timeout"/>.</summary>
    public static async Task<bool> AnswersAsync(IAtChannel channel, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var each = timeout / Tries;
        for (var i = 0; i < Tries; i++)
        {
            try
            {
                var answer = await channel.SendAsync("AT", each, cancellationToken).ConfigureAwait(false);
                if (answer.IsOk) return true;
                if (answer.Final != AtFinal.Timeout) return false; // it answered, but not OK: not an AT port we can use
            }
            catch (PortGoneException) { return false; }
        }
        return false;
    }

    /// <summary>Opens a tty in raw mode, or a cdc-wdm node as a plain fd (it has no termios).</summary>
    public AtChannel? OpenOrNull(string devicePath)
    {
        try
        {
            if (Path.GetFileName(devicePath).StartsWith("cdc-wdm", StringComparison.Ordinal))
                return new AtChannel(UnixFd.Open(devicePath, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK));
            return AtChannel.Open(devicePath, new AtChannelOptions { LockDir = lockDir });
        }
        catch (IOException) { return null; }
    }
}
