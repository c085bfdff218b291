using WwanProto.Core.Qmi;

namespace WwanProto.Core.Sms;

/// <summary>
/// USSD over QMI VOICE, on the session's QMI device (its own VOICE client, allocated and recorded by
/// <see cref="QmiModem"/> like the others). Originate USSD is answered once the network has answered; a network
/// that waits for the user says so in a USSD indication (user action required) that arrives while the Originate is
/// pending, as ModemManager's QMI USSD code expects it. A follow-up goes out as Answer USSD and the network's next
/// text comes as a USSD indication; Release USSD (the network ended the dialogue) ends a waiting answer as
/// "terminated". Nothing here logs USSD texts.
/// </summary>
public sealed class QmiUssd : IAsyncDisposable
{
    private enum Phase { Idle, Originating, Answering }

    private readonly QmiModem _qmi;
    private readonly TimeSpan _timeout;
    private readonly Action<string> _log;
    private readonly object _gate = new();
    private TaskCompletionSource<UssdReply>? _answer;
    private VoiceMessages.UssdIndication? _duringOriginate;
    private Phase _phase;
    private bool _open;
    private int _client = -1;

    public QmiUssd(QmiModem qmi, TimeSpan commandTimeout, Action<string> log)
    {
        _qmi = qmi;
        _timeout = commandTimeout;
        _log = log;
        _qmi.Device.Indication += OnIndication;
    }

    /// <summary>Allocates the VOICE client and asks for USSD indications (firmware without Indication Register sends them anyway).</summary>
    public async Task EnableAsync(CancellationToken ct)
    {
        await ClientAsync(ct).ConfigureAwait(false);
        try { await _qmi.CallAsync(QmiService.Voice, VoiceMessages.RegisterUssdIndications(), ct, _timeout).ConfigureAwait(false); }
        catch (QmiErrorException e) when (e.Error is QmiError.InvalidQmiCommand or QmiError.NotSupported or QmiError.MissingArgument)
        {
            _log($"sms: {e.Message}; USSD indications are taken as the firmware sends them");
        }
    }

    private async Task<byte> ClientAsync(CancellationToken ct)
    {
        try
        {
            var cid = await _qmi.ClientAsync(QmiService.Voice, ct).ConfigureAwait(false);
            Volatile.Write(ref _client, cid);
            return cid;
        }
        catch (QmiErrorException e) when (e.Error is QmiError.InvalidServiceType or QmiError.InvalidQmiCommand)
        {
            throw new MessagingException($"USSD is not available on {_qmi.Path}: the firmware has no QMI VOICE service ({e.Message})", "NOT_AVAILABLE");
        }
    }

    public async Task<UssdReply> SendAsync(string text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 160 || VoiceMessages.Encode(text).Data.Length > byte.MaxValue)
            throw new MessagingException($"'{text}' is not a USSD string (1–160 characters; at most 127 that are not ASCII)", "INVALID_ARGUMENT");
        await ClientAsync(ct).ConfigureAwait(false);
        var answer = new TaskCompletionSource<UssdReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool answering;
        lock (_gate)
        {
            if (_phase != Phase.Idle) throw new MessagingException("a USSD request is already waiting for the network", "USSD_FAILED");
            answering = _open;
            _phase = answering ? Phase.Answering : Phase.Originating;
            _answer = answer;
            _duringOriginate = null;
        }
        try
        {
            return answering ? await AnswerAsync(text, answer.Task, ct).ConfigureAwait(false) : await OriginateAsync(text, ct).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _phase = Phase.Idle;
                _answer = null;
            }
        }
    }

    private async Task<UssdReply> OriginateAsync(string text, CancellationToken ct)
    {
        VoiceMessages.OriginateAnswer sent;
        try
        {
            // The answer waits for the network: bounded like AT's +CUSD answer, not by the command timeout.
            sent = VoiceMessages.ReadOriginate(await _qmi.CallAsync(QmiService.Voice, VoiceMessages.OriginateUssd(text), ct, AtMessaging.UssdAnswerBound).ConfigureAwait(false));
        }
        catch (QmiErrorException e)
        {
            var cause = VoiceMessages.ReadOriginate(e.Answer).FailureCause is { } c ? $", call end reason {c}" : "";
            throw new MessagingException($"the USSD request: {e.Message}{cause}", "USSD_FAILED");
        }
        catch (QmiTimeoutException)
        {
            throw new MessagingException($"USSD: the network gave no answer within {AtMessaging.UssdAnswerBound.TotalSeconds:0} s (VOICE Originate USSD unanswered)", "USSD_FAILED");
        }
        lock (_gate)
        {
            var indication = _duringOriginate;
            _open = indication?.Action == VoiceMessages.UserAction.Required;
            return new UssdReply(_open ? "more" : "done", indication?.Text ?? sent.Text);
        }
    }

    private async Task<UssdReply> AnswerAsync(string text, Task<UssdReply> next, CancellationToken ct)
    {
        try { await _qmi.CallAsync(QmiService.Voice, VoiceMessages.AnswerUssd(text), ct, _timeout).ConfigureAwait(false); }
        catch (QmiErrorException e)
        {
            lock (_gate) _open = false;
            throw new MessagingException($"answering the USSD menu: {e.Message}", "USSD_FAILED");
        }
        catch (QmiTimeoutException e) { throw new MessagingException($"answering the USSD menu: {e.Message}", "USSD_FAILED"); }
        try { return await next.WaitAsync(AtMessaging.UssdAnswerBound, ct).ConfigureAwait(false); }
        catch (TimeoutException)
        {
            throw new MessagingException($"USSD: the network gave no answer within {AtMessaging.UssdAnswerBound.TotalSeconds:0} s (VOICE Answer USSD answered success)", "USSD_FAILED");
        }
    }

    public async Task CancelAsync(CancellationToken ct)
    {
        await ClientAsync(ct).ConfigureAwait(false);
        try { await _qmi.CallAsync(QmiService.Voice, VoiceMessages.CancelUssd(), ct, _timeout).ConfigureAwait(false); }
        catch (Exception e) when (e is QmiErrorException or QmiTimeoutException)
        {
            throw new MessagingException($"ending the USSD dialogue: {e.Message}", "USSD_FAILED");
        }
        finally { lock (_gate) _open = false; }
    }

    private void OnIndication(QmiMessage m)
    {
        var client = Volatile.Read(ref _client);
        if (m.Service != QmiService.Voice || m.Kind != QmiMessageKind.Indication || (m.ClientId != client && m.ClientId != 0xFF)) return;
        if (m.MessageId == QmiMessages.VoiceReleaseUssd.Id)
        {
            TaskCompletionSource<UssdReply>? answer;
            lock (_gate)
            {
                _open = false;
                answer = _phase == Phase.Answering ? _answer : null;
            }
            answer?.TrySetResult(new UssdReply("terminated", null));
            return;
        }
        if (m.MessageId != QmiMessages.VoiceUssd.Id || VoiceMessages.ReadUssdIndication(new QmiTlvReader(m)) is not { } indication) return;
        TaskCompletionSource<UssdReply>? waiting = null;
        var unasked = false;
        lock (_gate)
        {
            var required = indication.Action == VoiceMessages.UserAction.Required;
            switch (_phase)
            {
                case Phase.Originating:
                    _duringOriginate = indication;
                    break;
                case Phase.Answering:
                    _open = required;
                    waiting = _answer;
                    break;
                default:
                    _open = required;
                    unasked = true;
                    break;
            }
        }
        if (waiting is not null)
            waiting.TrySetResult(new UssdReply(indication.Action == VoiceMessages.UserAction.Required ? "more" : "done", indication.Text));
        else if (unasked)
            _log("sms: a network-initiated USSD message came with no request waiting");
    }

    public ValueTask DisposeAsync()
    {
        _qmi.Device.Indication -= OnIndication;
        TaskCompletionSource<UssdReply>? answer;
        lock (_gate) answer = _answer;
        answer?.TrySetException(new MessagingException("the modem was closed", "NOT_AVAILABLE"));
        return ValueTask.CompletedTask;
    }
}
