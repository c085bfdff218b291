using System.Diagnostics;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Native;

namespace WwanProto.Core.At;

/// <summary>
/// Finds out which of a device's candidate ports speak AT, all at once: every port is opened and asked "AT"
/// (with retries inside one budget) in parallel, then "ATI" on the ones that answered. A mute port therefore
/// costs the run one <see cref="PortProbeOptions.AnswerBudget"/>, however many ports there are.
/// <para>
/// Every path given is written to. The caller must leave out diag ports (interface protocol 03/13, §1.7):
/// they never answer and the firmware streams binary traces there. Ports locked by a live process (UUCP lock
/// in <see cref="AtChannelOptions.LockDir"/>, or an flock) are reported busy and not written to.
/// </para>
/// </summary>
public static class PortProber
{
    public static async Task<IReadOnlyList<PortProbeResult>> ProbeAsync(IEnumerable<string> paths, PortProbeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= PortProbeOptions.Default;
        var tasks = paths.Select(p => Task.Run(() => ProbeOneAsync(p, options, cancellationToken), cancellationToken)).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public static async Task<PortProbeResult> ProbeOneAsync(string path, PortProbeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= PortProbeOptions.Default;
        var clock = Stopwatch.StartNew();
        AtChannel channel;
        try
        {
            channel = AtChannel.Open(path, options.Channel);
        }
        catch (PortBusyException e)
        {
            return new PortProbeResult(path, false, null, null, 0, clock.Elapsed, e.Message, Held: e);
        }
        catch (IOException e)
        {
            return new PortProbeResult(path, false, null, null, 0, clock.Elapsed, e.Message);
        }
        await using (channel.ConfigureAwait(false))
        {
            var attempts = 0;
            try
            {
                var tries = Math.Max(1, options.Attempts);
                AtResponse? answer = null;
                while (attempts < tries && clock.Elapsed < options.AnswerBudget)
                {
                    // What is left of the budget, shared by the tries still to come.
                    var each = (options.AnswerBudget - clock.Elapsed) / (tries - attempts);
                    attempts++;
                    answer = await channel.SendAsync("AT", each, cancellationToken).ConfigureAwait(false);
                    if (answer.Final != AtFinal.Timeout) break;
                }
                if (answer is null || answer.Final == AtFinal.Timeout)
                    return new PortProbeResult(path, false, null, null, attempts, clock.Elapsed);
                var echo = answer.Echoed;
                AtiIdentity? identity = null;
                if (options.Identify)
                {
                    var (id, echoed) = await IdentifyAsync(channel, options.IdentifyTimeout, cancellationToken).ConfigureAwait(false);
                    identity = id;
                    echo |= echoed;
                }
                return new PortProbeResult(path, true, echo, identity, attempts, clock.Elapsed);
            }
            catch (PortGoneException e)
            {
                return new PortProbeResult(path, false, null, null, attempts, clock.Elapsed, e.Message);
            }
        }
    }

    /// <summary>ATI; when it lacks fields (phones print one bare line), the +CGMx commands fill them in.</summary>
    private static async Task<(AtiIdentity? Identity, bool Echoed)> IdentifyAsync(IAtChannel channel, TimeSpan timeout, CancellationToken ct)
    {
        var ati = await channel.SendAsync("ATI", timeout, ct).ConfigureAwait(false);
        var echoed = ati.Echoed;
        var id = ati.IsOk ? AtiParser.Parse(ati.Lines) : new AtiIdentity(null, null, null, null, null);
        if (ati.Final == AtFinal.Timeout) return (null, echoed);
        if (id.Manufacturer is null) id = id with { Manufacturer = await BareAsync(channel, "AT+CGMI", timeout, ct).ConfigureAwait(false) };
        if (id.Model is null) id = id with { Model = await BareAsync(channel, "AT+CGMM", timeout, ct).ConfigureAwait(false) };
        if (id.Revision is null) id = id with { Revision = await BareAsync(channel, "AT+CGMR", timeout, ct).ConfigureAwait(false) };
        if (id.Imei is null) id = id with { Imei = await BareAsync(channel, "AT+CGSN", timeout, ct).ConfigureAwait(false) };
        return (id, echoed);
    }

    /// <summary>The value line of a bare-answer command ("E3372", or "+CGMM: E3372" on some firmware).</summary>
    private static async Task<string?> BareAsync(IAtChannel channel, string command, TimeSpan timeout, CancellationToken ct)
    {
        var r = await channel.SendAsync(command, timeout, ct).ConfigureAwait(false);
        if (!r.IsOk || r.Lines.Count == 0) return null;
        var line = r.Lines[0].Trim();
        var prefix = command[2..] + ":";
        if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) line = line[prefix.Length..].Trim();
        return line.Length == 0 ? null : line;
    }
}
