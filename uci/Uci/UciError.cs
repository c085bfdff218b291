namespace WwanProto.Uci;

/// <summary>libuci's error codes; the numeric values are what `uci add` returns as its exit code.</summary>
public enum UciError
{
    Ok = 0,
    Memory = 1,
    Invalid = 2,
    NotFound = 3,
    Io = 4,
    Parse = 5,
    Duplicate = 6,
    Unknown = 7,
}

/// <summary>A failed UCI operation. For parse errors the context's parse state carries line and byte.</summary>
public sealed class UciException(UciError error, string? detail = null) : Exception(detail is null ? UciErrors.Text(error) : $"{UciErrors.Text(error)} ({detail})")
{
    public UciError Error { get; } = error;

    /// <summary>What the error code alone does not say (e.g. which file was too large).</summary>
    public string? Detail { get; } = detail;
}

public static class UciErrors
{
    /// <summary>The exact texts libuci prints (uci_errstr).</summary>
    public static string Text(UciError e) => e switch
    {
        UciError.Ok => "Success",
        UciError.Memory => "Out of memory",
        UciError.Invalid => "Invalid argument",
        UciError.NotFound => "Entry not found",
        UciError.Io => "I/O error",
        UciError.Parse => "Parse error",
        UciError.Duplicate => "Duplicate entry",
        _ => "Unknown error",
    };
}
