using WwanProto.Core.At;
using WwanProto.Core.Native;

namespace WwanProto.Core.Usb;

/// <summary>
/// <see cref="IPortProbe"/> over the AT engine. Ttys go through <see cref="PortProber"/> ("AT" with retries
/// inside one budget; a port held by a live process is reported busy and never written to, via the UUCP lock
/// in <paramref name="lockDir"/> or its flock). cdc-wdm nodes have no termios; they are locked the same way.
/// </summary>
public sealed class AtPortProbe(string? lockDir = null) : IPortProbe
{
    private const int Tries = 3;

    private AtChannelOptions Channel => new() { LockDir = lockDir };

    public async Task<bool> AnswersAtAsync(string devicePath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (IsCdcWdm(devicePath))
        {
            AtChannel channel;
            try { channel = AtChannel.Open(devicePath, Channel); }
            catch (IOException e) when (e is not PortBusyException) { return false; }
            await using (channel.ConfigureAwait(false))
                return await AnswersAsync(channel, timeout, cancellationToken).ConfigureAwait(false);
        }
        var result = await PortProber.ProbeOneAsync(devicePath,
            new PortProbeOptions { AnswerBudget = timeout, Attempts = Tries, Identify = false, Channel = Channel }, cancellationToken).ConfigureAwait(false);
        if (result.Held is { } held) throw held;
        return result.Answered;
    }

    public async Task<string?> GetPortModeAsync(string devicePath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var channel = OpenOrNull(devicePath);
        if (channel is null) return null;
        try
        {
            var answer = await channel.SendAsync("AT^GETPORTMODE", timeout, cancellationToken).ConfigureAwait(false);
            return answer.IsOk ? answer.Lines.FirstOrDefault(l => l.StartsWith("^GETPORTMODE", StringComparison.OrdinalIgnoreCase)) : null;
        }
        catch (PortGoneException) { return null; }
    }

    /// <summary>"AT" until a final result, at most <see cref="Tries"/> times, all within <paramref name="timeout"/>.</summary>
    public static async Task<bool> AnswersAsync(IAtChannel channel, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var each = timeout / Tries;
        for (var i = 0; i < Tries; i++)
        {
            try
            {
                var answer = await channel.SendAsync("AT", each, cancellationToken).ConfigureAwait(false);
                if (answer.Final != AtFinal.Timeout) return true;
            }
            catch (PortGoneException) { return false; }
        }
        return false;
    }

    /// <summary>
    /// Opens a tty in raw mode, or a cdc-wdm node as it is (no termios), both under the UUCP lock and flock a
    /// session takes on its control port: a probe must never write into a port another process is talking on.
    /// Null when busy or gone.
    /// </summary>
    public AtChannel? OpenOrNull(string devicePath)
    {
        try
        {
            return AtChannel.Open(devicePath, Channel);
        }
        catch (IOException) { return null; }
    }

    private static bool IsCdcWdm(string devicePath) => Path.GetFileName(devicePath).StartsWith("cdc-wdm", StringComparison.Ordinal);
}
