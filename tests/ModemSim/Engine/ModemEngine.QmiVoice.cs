using WwanProto.Core.Qmi;
using WwanProto.ModemSim.Ports;

namespace WwanProto.ModemSim.Engine;

/// <summary>
/// QMI VOICE, the USSD part, over the same network answers as +CUSD (<see cref="Sms.SmsNetwork"/>): Originate USSD
/// is answered once the network has answered (USS Data 0x12); a menu that waits for the user comes first as a USSD
/// indication with user action required, then the Originate answer. Answer USSD is answered at once and the
/// network's next text follows as a USSD indication; a network that ends the dialogue sends Release USSD.
/// Indications go to the client that asked (Indication Register, USSD notification events).
/// </summary>
internal sealed partial class ModemEngine
{
    private readonly HashSet<byte> _voiceUssdClients = [];

    /// <summary>The network's answer time for USSD (a real network takes a second or more; tests need not wait).</summary>
    private static readonly TimeSpan UssdNetworkDelay = TimeSpan.FromMilliseconds(50);

    private byte[]? Voice(SimPort port, QmiMessage m, QmiTlvReader r)
    {
        switch (m.MessageId)
        {
            case 0x0003: // Indication Register
                if (r.U8(0x16) is { } on)
                {
                    if (on != 0) _voiceUssdClients.Add(m.ClientId);
                    else _voiceUssdClients.Remove(m.ClientId);
                }
                return Answer(m, QmiError.None);
            case 0x003A or 0x003B: // Originate USSD, Answer USSD
            {
                if (UssText(r) is not { } request) return Answer(m, r.Has(0x01) ? QmiError.MalformedMessage : QmiError.MissingArgument);
                if (Card.Blocker(DateTime.UtcNow) is not null) return Answer(m, QmiError.UimUninitialized);
                if (_stat is not (1 or 5)) return Answer(m, QmiError.NoNetworkFound);
                var sms = Sms;
                var answering = m.MessageId == 0x003B;
                if (answering && !sms.UssdOpen) return Answer(m, QmiError.IncompatibleState);
                if (!answering && sms.UssdOpen) sms.UssdOpen = false; // a new request ends a dialogue left open
                var (mode, text) = sms.AnswerUssd(request);
                Schedule(UssdNetworkDelay, () => UssdNetworkAnswered(port, m, answering, mode, text));
                return answering ? Answer(m, QmiError.None) : null;
            }
            case 0x003C: // Cancel USSD
                Sms.UssdOpen = false;
                return Answer(m, QmiError.None);
            default:
                return Answer(m, QmiError.InvalidQmiCommand);
        }
    }

    /// <summary>The network answered: indications (if the client asked for them) and, for an Originate, its answer; in that order, on one writer.</summary>
    private void UssdNetworkAnswered(SimPort port, QmiMessage request, bool answering, int mode, string text)
    {
        var frames = new List<byte[]>();
        var told = _voiceUssdClients.Contains(request.ClientId);
        if (mode == 2)
        {
            if (told) frames.Add(new QmiMessage(QmiService.Voice, request.ClientId, QmiMessageKind.Indication, 0, QmiMessages.VoiceReleaseUssd.Id, Array.Empty<byte>()).Encode());
            if (!answering) frames.Add(Answer(request, QmiError.None));
        }
        else
        {
            var data = UssData(0x10, text);
            if (told && (answering || mode == 1))
                frames.Add(new QmiMessage(QmiService.Voice, request.ClientId, QmiMessageKind.Indication, 0, QmiMessages.VoiceUssd.Id,
                    new QmiTlvWriter().U8(0x01, mode == 1 ? (byte)VoiceMessages.UserAction.Required : (byte)VoiceMessages.UserAction.NotRequired).ToArray().Concat(data.ToArray()).ToArray()).Encode());
            if (!answering) frames.Add(Answer(request, QmiError.None, UssData(0x12, text)));
        }
        if (frames.Count == 0 || _qmiMuted) return;
        _ = Task.Run(() => { foreach (var f in frames) port.WriteQmi(f); });
    }

    private static QmiTlvWriter UssData(byte tlv, string text)
    {
        var (dcs, data) = VoiceMessages.Encode(text);
        return new QmiTlvWriter().Begin(tlv).FieldU8((byte)dcs).FieldU8((byte)data.Length).FieldBytes(data).End();
    }

    private static string? UssText(QmiTlvReader r)
    {
        if (r.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var dcs = f.U8();
        var data = f.U8() is { } n ? f.Bytes(n) : null;
        return f.Ok && data is not null ? VoiceMessages.Decode((VoiceMessages.UssDcs)dcs!.Value, data) : null;
    }

    private void VoicePowerDown() => _voiceUssdClients.Clear();
}
