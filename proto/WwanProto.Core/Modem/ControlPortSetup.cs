using WwanProto.Core.At;
using WwanProto.Core.Session;

namespace WwanProto.Core.Modem;

/// <summary>
/// Makes the control port predictable: echo off, numeric +CME errors. Nothing cosmetic is allowed to
/// fail the session: ATQ0/ATV1 are not sent at all (the E3372h-320 rejects ATQ0, §4 item 11), and an
/// ERROR to CMEE is tolerated since <see cref="ModemErrors.IsCme"/> reads verbose errors too.
/// A modem that is still booting does not answer; it is retried until <paramref name="bootWait"/>.
/// </summary>
public static class ControlPortSetup
{
    public static async Task RunAsync(IAtChannel at, TimeSpan bootWait, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + bootWait;
        while (true)
        {
            var echo = await at.SendAsync("ATE0", timeout, ct).ConfigureAwait(false);
            if (echo.Final != AtFinal.Timeout) break;
            if (DateTime.UtcNow >= deadline)
                throw ModemErrors.Fail(ErrorCodes.InitializeFailed, echo, $"the modem did not answer within {bootWait.TotalSeconds:0} s");
        }
        await at.SendAsync("AT+CMEE=1", timeout, ct).ConfigureAwait(false);
    }
}
