using System.Diagnostics;
using System.Text;

namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// The dial pppd delegates to its connect command: bring a port left in data mode back to command mode,
/// set the PDP context, dial, and return on CONNECT without consuming the PPP bytes that follow it.
/// </summary>
public sealed class ChatDialer(IChatPort port, ChatSettings settings, TextWriter log)
{
    private static readonly string[] DialFailures = ["NO CARRIER", "BUSY", "NO DIALTONE", "NO ANSWER", "ERROR", "+CME ERROR", "COMMAND NOT SUPPORT", "TOO MANY PARAMETERS"];
    private const int ProbeTimeoutMs = 1500;
    private readonly StringBuilder _line = new();

    public ChatResult Run(CancellationToken cancellationToken = default)
    {
        try
        {
            Drain();
            if (!EnsureCommandMode(cancellationToken, out var why))
                return Fail(ChatOutcome.StuckInDataMode, why);
            if (settings.Apn is { } apn)
            {
                var cgdcont = $"AT+CGDCONT={settings.Cid},\"{settings.PdpType}\",\"{apn}\"";
                var answer = Command(cgdcont, (int)settings.CommandTimeout.TotalMilliseconds, cancellationToken);
                if (answer != "OK")
                    return Fail(ChatOutcome.ContextRefused, $"{cgdcont} was answered {Shown(answer)}");
            }
            return Dial(cancellationToken);
        }
        catch (IOException e)
        {
            return Fail(ChatOutcome.PortError, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(ChatOutcome.NoAnswer, "cancelled");
        }
    }

    private ChatResult Dial(CancellationToken ct)
    {
        var dial = "ATD" + settings.DialNumber;
        Send(dial);
        var deadline = Deadline((int)settings.DialTimeout.TotalMilliseconds);
        while (ReadLine(deadline, ct) is { } line)
        {
            if (line.StartsWith("CONNECT", StringComparison.Ordinal))
            {
                log.WriteLine($"chat: {dial} -> {line}");
                return new ChatResult(ChatOutcome.Connected, line);
            }
            foreach (var failure in DialFailures)
                if (line.StartsWith(failure, StringComparison.Ordinal))
                    return Fail(ChatOutcome.DialFailed, $"{dial} was answered {line}{Hint(failure)}");
        }
        return Fail(ChatOutcome.NoAnswer, $"{dial}: no CONNECT within {settings.DialTimeout.TotalSeconds:0} s");
    }

    private static string Hint(string failure) => failure switch
    {
        "NO CARRIER" => " (no network, wrong APN or the PDP context was rejected)",
        "ERROR" or "+CME ERROR" => " (SIM locked, no registration, or the command was not accepted)",
        "BUSY" => " (the modem or network is busy; another call may be active)",
        _ => "",
    };

    /// <summary>
    /// A port that pppd left in data mode ignores AT (huawei-modems.md §2.9): escape with "+++" between
    /// guard times, hang up with ATH; if that fails, drop DTR.
    /// </summary>
    private bool EnsureCommandMode(CancellationToken ct, out string why)
    {
        if (Command("AT", ProbeTimeoutMs, ct) == "OK") { why = ""; return true; }
        log.WriteLine("chat: no answer to AT, the port may be left in data mode: escaping with +++");
        if (Escape(ct) && Command("AT", ProbeTimeoutMs, ct) == "OK") { why = ""; return true; }
        if (port.SetDtr(false))
        {
            log.WriteLine("chat: escape failed, dropping DTR");
            Quiet(TimeSpan.FromMilliseconds(500), ct);
            port.SetDtr(true);
            if (Command("AT", ProbeTimeoutMs, ct) == "OK") { why = ""; return true; }
        }
        why = "the modem does not answer AT, not even after +++ / ATH" + (port.SetDtr(true) ? " and a DTR drop" : " (no DTR on this port)");
        return false;
    }

    private bool Escape(CancellationToken ct)
    {
        Quiet(settings.GuardTime, ct);
        port.Write("+++"u8);
        var deadline = Deadline((int)(settings.GuardTime.TotalMilliseconds + 2000));
        string? line;
        while ((line = ReadLine(deadline, ct)) is not null && line != "OK") { }
        if (line is null) return false;
        var hangup = Command("ATH", (int)settings.CommandTimeout.TotalMilliseconds, ct);
        log.WriteLine($"chat: +++ -> OK, ATH -> {Shown(hangup)}");
        return hangup == "OK";
    }

    /// <summary>Sends one command and returns its final result line (null on timeout); echo and URCs are skipped.</summary>
    private string? Command(string command, int timeoutMs, CancellationToken ct)
    {
        Send(command);
        var deadline = Deadline(timeoutMs);
        while (ReadLine(deadline, ct) is { } line)
            if (IsFinal(line)) return line;
        return null;
    }

    private static bool IsFinal(string line) =>
        line == "OK" || line == "ERROR" || line == "NO CARRIER" || line.StartsWith("+CME ERROR", StringComparison.Ordinal)
        || line.StartsWith("COMMAND NOT SUPPORT", StringComparison.Ordinal) || line.StartsWith("TOO MANY PARAMETERS", StringComparison.Ordinal);

    private void Send(string command)
    {
        _line.Clear();
        port.Write(Encoding.ASCII.GetBytes(command + "\r"));
    }

    /// <summary>The next non-empty line before <paramref name="deadline"/>, or null.</summary>
    private string? ReadLine(long deadline, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0) return null;
            var b = port.ReadByte((int)Math.Max(1, Math.Min(left * 1000 / Stopwatch.Frequency, 250)));
            if (b is null) continue;
            if (b is (byte)'\r' or (byte)'\n')
            {
                if (_line.Length == 0) continue;
                var line = _line.ToString();
                _line.Clear();
                return line;
            }
            _line.Append((char)b.Value);
        }
    }

    /// <summary>Keeps our side silent for <paramref name="span"/>, discarding what the modem sends meanwhile.</summary>
    private void Quiet(TimeSpan span, CancellationToken ct)
    {
        var deadline = Deadline((int)span.TotalMilliseconds);
        while (ReadLine(deadline, ct) is not null) { }
        _line.Clear();
    }

    /// <summary>Discards what is already waiting (a late NO CARRIER, URCs) without waiting for more.</summary>
    private void Drain()
    {
        for (var i = 0; i < 65536 && port.ReadByte(0) is not null; i++) { }
        _line.Clear();
    }

    private static long Deadline(int ms) => Stopwatch.GetTimestamp() + ms * Stopwatch.Frequency / 1000;

    private static string Shown(string? answer) => answer is null ? "nothing (timed out)" : answer;

    private ChatResult Fail(ChatOutcome outcome, string message)
    {
        log.WriteLine($"chat: {message}");
        return new ChatResult(outcome, message);
    }
}
