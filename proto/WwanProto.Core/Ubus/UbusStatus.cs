namespace WwanProto.Core.Ubus;

/// <summary>ubus status codes (ubusmsg.h, enum ubus_msg_status); the `ubus` CLI exits with these.</summary>
public enum UbusStatus
{
    Ok = 0,
    InvalidCommand = 1,
    InvalidArgument = 2,
    MethodNotFound = 3,
    NotFound = 4,
    NoData = 5,
    PermissionDenied = 6,
    Timeout = 7,
    NotSupported = 8,
    UnknownError = 9,
    ConnectionFailed = 10,
    NoMemory = 11,
    ParseError = 12,
    SystemError = 13,
}

public static class UbusStatusNames
{
    /// <summary>The ubusmsg.h name without prefix: NOT_FOUND, PERMISSION_DENIED ...</summary>
    public static string Name(UbusStatus status) => status switch
    {
        UbusStatus.Ok => "OK",
        UbusStatus.InvalidCommand => "INVALID_COMMAND",
        UbusStatus.InvalidArgument => "INVALID_ARGUMENT",
        UbusStatus.MethodNotFound => "METHOD_NOT_FOUND",
        UbusStatus.NotFound => "NOT_FOUND",
        UbusStatus.NoData => "NO_DATA",
        UbusStatus.PermissionDenied => "PERMISSION_DENIED",
        UbusStatus.Timeout => "TIMEOUT",
        UbusStatus.NotSupported => "NOT_SUPPORTED",
        UbusStatus.UnknownError => "UNKNOWN_ERROR",
        UbusStatus.ConnectionFailed => "CONNECTION_FAILED",
        UbusStatus.NoMemory => "NO_MEMORY",
        UbusStatus.ParseError => "PARSE_ERROR",
        UbusStatus.SystemError => "SYSTEM_ERROR",
        _ => $"STATUS_{(int)status}",
    };

    /// <summary>libubus' ubus_strerror text, as the CLI prints it ("Command failed: Not found").</summary>
    public static string Describe(UbusStatus status) => status switch
    {
        UbusStatus.Ok => "Success",
        UbusStatus.InvalidCommand => "Invalid command",
        UbusStatus.InvalidArgument => "Invalid argument",
        UbusStatus.MethodNotFound => "Method not found",
        UbusStatus.NotFound => "Not found",
        UbusStatus.NoData => "No response",
        UbusStatus.PermissionDenied => "Permission denied",
        UbusStatus.Timeout => "Request timed out",
        UbusStatus.NotSupported => "Operation not supported",
        UbusStatus.UnknownError => "Unknown error",
        UbusStatus.ConnectionFailed => "Connection failed",
        UbusStatus.NoMemory => "Out of memory",
        UbusStatus.ParseError => "Parsing message data failed",
        UbusStatus.SystemError => "System error",
        _ => "Unknown error",
    };
}

/// <summary>A ubus operation failed: which operation, and the status (name and text) that ended it.</summary>
public sealed class UbusException(UbusStatus status, string operation, string? detail = null)
    : Exception($"{operation}: {UbusStatusNames.Name(status)} ({detail ?? UbusStatusNames.Describe(status)})")
{
    public UbusStatus Status { get; } = status;
    public string Operation { get; } = operation;
}
