namespace WwanProto.Core.Links.Ppp;

/// <summary>How a chat ended. The exit status of `huaweiwwan chat` is the numeric value (pppd only sees non-zero).</summary>
public enum ChatOutcome
{
    Connected = 0,
    Usage = 1,
    PortError = 2,
    NoAnswer = 3,
    DialFailed = 4,
    ContextRefused = 5,
    StuckInDataMode = 6,
}

/// <summary>The outcome and, for failures, a message naming the command and the modem's answer.</summary>
public sealed record ChatResult(ChatOutcome Outcome, string Message)
{
    public bool Connected => Outcome == ChatOutcome.Connected;
}
