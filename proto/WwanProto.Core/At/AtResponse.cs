namespace WwanProto.Core.At;

/// <summary>How a command ended, from the final result code the modem printed.</summary>
public enum AtFinal
{
    Ok,
    Error,
    CmeError,
    CmsError,
    CommandNotSupported,
    TooManyParameters,
    NoCarrier,
    Busy,
    NoAnswer,
    NoDialtone,
    Connect,
    /// <summary>No final result arrived within the command's bound.</summary>
    Timeout,
}

/// <summary>
/// The answer to one command: its information lines (echo and URCs removed) and the final result.
/// <see cref="FinalLine"/> is the modem's text verbatim ("+CME ERROR: 10", "CONNECT 150000000"),
/// so an error message can quote what the modem said.
/// </summary>
public sealed record AtResponse(string Command, IReadOnlyList<string> Lines, AtFinal Final, string FinalLine)
{
    public bool IsOk => Final == AtFinal.Ok;

    /// <summary>The numeric +CME/+CMS error, when the modem gave one in numeric form.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>
    /// The verbose +CME/+CMS error text, when the modem gave one in verbose form; on a <see cref="AtFinal.Timeout"/>,
    /// why the command could not be answered (e.g. "modem stopped answering: ..." when the resync after an earlier timeout failed).
    /// </summary>
    public string? ErrorText { get; init; }

    /// <summary>The modem echoed the command back (echo is on: ATE1, the Qualcomm-era default).</summary>
    public bool Echoed { get; init; }

    /// <summary>The first information line starting with <paramref name="prefix"/> (e.g. "^SYSINFOEX:"), or null.</summary>
    public string? Line(string prefix)
    {
        foreach (var line in Lines)
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        return null;
    }

    /// <summary>
    /// What the modem said, for messages: its information lines when there are any ("AT+CPIN? answered +CPIN: SIM PIN"),
    /// else <see cref="Describe"/>. Not for answers to commands that carry a secret.
    /// </summary>
    public string Quote() => Lines.Count == 0 || Final == AtFinal.Timeout ? Describe()
        : $"{Command} answered {string.Join(" | ", Lines)}" + (IsOk ? "" : $" {FinalLine}");

    /// <summary>"AT+CPIN? answered +CME ERROR: 10" — for error messages naming command and answer.</summary>
    public string Describe() => $"{Command} answered {(Final != AtFinal.Timeout ? FinalLine : ErrorText is { } why ? $"nothing (timed out; {why})" : "nothing (timed out)")}";
}
