using WwanProto.Core.Session;
using Xunit;

namespace WwanProto.Tests.Session;

/// <summary>huawei-modems.md §4 item 19: never risk the SIM.</summary>
public class PinGuardTests
{
    [Theory]
    [InlineData(SimLock.Ready, null, true, false, PinAction.Proceed, null)]
    [InlineData(SimLock.Ready, null, false, false, PinAction.Proceed, null)] // not required: never sent
    [InlineData(SimLock.Busy, null, true, false, PinAction.Wait, null)]
    [InlineData(SimLock.PinRequired, 3, true, false, PinAction.SendPin, null)]
    [InlineData(SimLock.PinRequired, 2, true, false, PinAction.SendPin, null)]
    [InlineData(SimLock.PinRequired, 1, true, false, PinAction.Fail, ErrorCodes.PinTriesBelowLimit)]
    [InlineData(SimLock.PinRequired, 0, true, false, PinAction.Fail, ErrorCodes.PinTriesBelowLimit)]
    [InlineData(SimLock.PinRequired, null, true, false, PinAction.SendPin, null)] // unknown count: once (issue 11 defect 1)
    [InlineData(SimLock.PinRequired, 3, false, false, PinAction.Fail, ErrorCodes.PinNotSpecified)]
    [InlineData(SimLock.PinRequired, 3, true, true, PinAction.Fail, ErrorCodes.PinRejectedBefore)]
    [InlineData(SimLock.PukRequired, 10, true, false, PinAction.Fail, ErrorCodes.PukNeeded)]
    [InlineData(SimLock.Absent, null, true, false, PinAction.Fail, ErrorCodes.SimNotInserted)]
    [InlineData(SimLock.Failure, null, true, false, PinAction.Fail, ErrorCodes.SimFailure)]
    [InlineData(SimLock.DeviceLocked, null, true, false, PinAction.Fail, ErrorCodes.SimFailure)]
    public void Decides(SimLock state, int? attempts, bool configured, bool rejected, PinAction action, string? code)
    {
        var decision = PinGuard.Decide(state, attempts, configured, rejected);
        Assert.Equal(action, decision.Action);
        Assert.Equal(code, decision.Code);
    }

    [Theory]
    [InlineData(null, PinAction.Fail, ErrorCodes.PinTriesUnknown)] // no memory of a rejection: "once" cannot be kept
    [InlineData(3, PinAction.SendPin, null)] // a counter guards on its own
    [InlineData(1, PinAction.Fail, ErrorCodes.PinTriesBelowLimit)]
    public void UnknownCountNeedsTheRejectedPinMemory(int? attempts, PinAction action, string? code)
    {
        var decision = PinGuard.Decide(SimLock.PinRequired, attempts, pinConfigured: true, rejectedBefore: false, canRemember: false);
        Assert.Equal(action, decision.Action);
        Assert.Equal(code, decision.Code);
        if (code == ErrorCodes.PinTriesUnknown) Assert.Contains("unknown", decision.Reason);
    }
}
