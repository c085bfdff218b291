using WwanProto.Core.At;
using WwanProto.Core.Usb;

namespace WwanProto.Tests.Session;

/// <summary>Port probe over the real <see cref="AtChannel"/>: "AT" until OK within the bound; ^GETPORTMODE on request.</summary>
internal sealed class AtTestProbe : IPortProbe
{
    public async Task<bool> AnswersAtAsync(string devicePath, TimeSpan timeout, CancellationToken ct)
    {
        await using var channel = AtChannel.Open(devicePath);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var answer = await channel.SendAsync("AT", TimeSpan.FromMilliseconds(500), ct);
            if (answer.IsOk) return true;
        }
        return false;
    }

    public async Task<string?> GetPortModeAsync(string devicePath, TimeSpan timeout, CancellationToken ct)
    {
        await using var channel = AtChannel.Open(devicePath);
        var answer = await channel.SendAsync("AT^GETPORTMODE", timeout, ct);
        return answer.IsOk ? answer.Line("^GETPORTMODE:") : null;
    }
}
