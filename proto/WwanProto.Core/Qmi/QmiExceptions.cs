namespace WwanProto.Core.Qmi;

/// <summary>The modem answered a request with a failure result: names the message and the QMI error.</summary>
public sealed class QmiErrorException(QmiMessageType message, QmiError error, QmiTlvReader answer)
    : IOException($"{message}: {Describe(error)}")
{
    public QmiMessageType MessageType { get; } = message;
    public QmiError Error { get; } = error;
    /// <summary>The failed answer's TLVs: some failures carry details (call end reasons, PIN retries).</summary>
    public QmiTlvReader Answer { get; } = answer;

    private static string Describe(QmiError error) =>
        Enum.IsDefined(error) ? $"{error} (QMI error {(ushort)error})" : $"QMI error {(ushort)error}";
}

/// <summary>No answer within the bound: on a real modem a silent cdc-wdm, the start of the recovery ladder.</summary>
public sealed class QmiTimeoutException(QmiMessageType message, string path, TimeSpan timeout)
    : TimeoutException($"{path}: no answer to {message} within {timeout.TotalSeconds:0.#} s")
{
    public QmiMessageType MessageType { get; } = message;
}
