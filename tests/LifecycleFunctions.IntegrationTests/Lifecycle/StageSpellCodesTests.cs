using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

public sealed class StageSpellCodesTests
{
    private static readonly StageSpell Converted = new(LifecycleStage.Conversion, new DateOnly(2026, 3, 1), new DateOnly(2026, 5, 31), LifecycleStage.Acquisition, false);
    private static readonly StageSpell Lapsed = new(LifecycleStage.Lapsed, new DateOnly(2026, 5, 31), null, LifecycleStage.Conversion, false);

    [Fact]
    public void Encode_WithTwoSpells_KeepsEachSpellsRowSuffixFirst()
    {
        var codes = StageSpellCodes.Split(StageSpellCodes.Encode([Converted, Lapsed]));

        Assert.Equal(["20260301-2", "20260531-6"], codes.Select(StageSpellCodes.SuffixOf));
        Assert.Equal(StageSpellCodes.RowSuffix(Lapsed), StageSpellCodes.SuffixOf(codes[1]));
    }

    [Fact]
    public void Code_WithSpellThatGotAnExitDate_Differs()
    {
        var closed = Lapsed with { Exited = new DateOnly(2026, 7, 1) };

        Assert.NotEqual(StageSpellCodes.Code(Lapsed), StageSpellCodes.Code(closed));
        Assert.Equal(StageSpellCodes.RowSuffix(Lapsed), StageSpellCodes.RowSuffix(closed));
    }

    [Fact]
    public void Split_WithNoCodes_GivesNothing()
    {
        Assert.Empty(StageSpellCodes.Split(null));
        Assert.Empty(StageSpellCodes.Split(string.Empty));
    }
}
