using WwanProto.ModemSim;
using Xunit;

namespace WwanProto.Tests.Faults;

/// <summary>No fault may cost a SIM attempt: the simulated SIM's PIN and PUK counters are where they started.</summary>
internal static class SimAttempts
{
    /// <summary>A SIM locked with <see cref="Pin"/> and 3 attempts: the configured PIN is right, so it unlocks without costing one.</summary>
    public static SimCardOptions Locked => new() { State = "pin", Pin = Pin, PinAttempts = 3 };

    public const string Pin = "2468";

    public static void AssertNoneUsed(SimulatedModem sim)
    {
        var (pin, puk) = sim.SimTriesLeft;
        var (pinAtStart, pukAtStart) = sim.SimTriesAtStart;
        Assert.True(pin == pinAtStart && puk == pukAtStart,
            $"SIM attempts used: PIN {pinAtStart - pin} ({pin} of {pinAtStart} left), PUK {pukAtStart - puk} ({puk} of {pukAtStart} left)");
    }
}
