namespace WwanProto.Core.Sms;

/// <summary>
/// SMS and USSD on one modem, whatever speaks to it (AT, QMI WMS, the HiLink web API). Failures are
/// <see cref="MessagingException"/>s naming the request and the modem's answer.
/// </summary>
public interface IMessaging : IAsyncDisposable
{
    /// <summary>"AT on /dev/ttyUSB2": what the messages go through, for messages and status.</summary>
    string Name { get; }

    /// <summary>Every stored message in every storage, concatenated parts put together.</summary>
    Task<IReadOnlyList<SmsMessage>> ListAsync(CancellationToken cancellationToken);

    /// <summary>How full each storage is.</summary>
    Task<IReadOnlyList<SmsStorageUse>> StorageAsync(CancellationToken cancellationToken);

    /// <summary>One message by <see cref="SmsMessage.Id"/>, marked read; null when there is none.</summary>
    Task<SmsMessage?> ReadAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes the message and all its parts; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="text"/>, split into concatenated parts when it is long.</summary>
    Task<SmsSent> SendAsync(string recipient, string text, bool deliveryReport, CancellationToken cancellationToken);

    /// <summary>Starts a USSD request (*100#) or, while the network waits (<see cref="UssdReply.ExpectsAnswer"/>), answers it.</summary>
    Task<UssdReply> UssdAsync(string text, CancellationToken cancellationToken);

    /// <summary>Ends a USSD dialogue the network is waiting in.</summary>
    Task UssdCancelAsync(CancellationToken cancellationToken);

    /// <summary>A new message arrived (a whole one: a concatenated message once its last part is in).</summary>
    event Action<SmsMessage>? Received;

    /// <summary>A delivery report for a message sent with <c>deliveryReport</c>.</summary>
    event Action<SmsDeliveryReport>? Reported;
}

/// <summary>A messaging request failed: the message names the request and what the modem answered.</summary>
public sealed class MessagingException(string message, string code = "SMS_FAILED") : Exception(message)
{
    /// <summary>SMS_FAILED, NOT_FOUND, INVALID_ARGUMENT, NOT_AVAILABLE, USSD_FAILED.</summary>
    public string Code { get; } = code;
}
