namespace WwanProto.ModemSim.At;

/// <summary>What a command line produces: information lines, then one final result (null = none, e.g. in data mode).</summary>
public sealed class Reply
{
    public List<string> Lines { get; } = [];
    public string? Final { get; set; } = "OK";

    /// <summary>Runs on the port thread after the reply has been written (enter data mode, reset the device ...).</summary>
    public Action? After { get; set; }

    /// <summary>The URC the interleave fault puts inside this answer (e.g. a +CREG: inside the +CREG? answer, §2.5).</summary>
    public string? FaultUrc { get; set; }

    /// <summary>
    /// The command waits for text (+CMGS): the port prints "> " instead of a final result and hands what the host
    /// types up to Ctrl-Z to this; its reply is written then. ESC cancels the input (OK, nothing sent).
    /// </summary>
    public Func<string, Reply>? Prompt { get; set; }

    public static Reply Silent() => new() { Final = null };
}
