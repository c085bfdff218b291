using WwanProto.Fuzz;
using Xunit;

namespace WwanProto.Tests.Fuzz;

/// <summary>
/// A short, seeded slice of `make fuzz` (the same harness and table): every target, a few thousand mutated
/// inputs each, no escape allowed. The full run is 10^6 inputs per target.
/// </summary>
public sealed class FuzzSliceTests
{
    private const int Inputs = 3000;
    private const int Seed = 20261204;

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (var t in FuzzTargets.All) data.Add(t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_seeded_slice_lets_nothing_escape(string name)
    {
        var result = FuzzRunner.Run(FuzzTargets.Find(name)!, Inputs, Seed);
        Assert.True(result.Escapes.Count == 0, string.Join("\n", result.Escapes));
    }

    [Fact]
    public void Every_target_has_seeds()
    {
        foreach (var t in FuzzTargets.All) Assert.NotEmpty(SeedCorpus.Load(t));
    }
}
