using LifecycleFunctions.Reporting.Design;

namespace LifecycleFunctions.Reporting.Tests;

public class FormulaResultsTests
{
    private const string Sheet = """<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="n"><x:v>2</x:v></x:c><x:c r="B1"><x:f>A1*2</x:f></x:c><x:c r="C1"><x:f>IF(A1=0,"",1/A1)</x:f></x:c></x:row></x:sheetData></x:worksheet>""";

    [Fact]
    public void Apply_WithNumberAndTextResults_WritesEachNextToItsFormula()
    {
        var xml = FormulaResults.Apply(Sheet, new Dictionary<string, object> { ["B1"] = 4d, ["C1"] = string.Empty });

        Assert.Contains("""<x:c r="B1"><x:f>A1*2</x:f><x:v>4</x:v></x:c>""", xml);
        Assert.Contains("""<x:c r="C1" t="str"><x:f>IF(A1=0,"",1/A1)</x:f><x:v /></x:c>""", xml);
        Assert.Contains("""<x:c r="A1" t="n"><x:v>2</x:v></x:c>""", xml);
    }

    [Fact]
    public void Apply_WithAFraction_KeepsEveryDigit()
    {
        var xml = FormulaResults.Apply(Sheet, new Dictionary<string, object> { ["B1"] = 1d / 3 });

        Assert.Contains("<x:v>0.3333333333333333</x:v>", xml);
    }

    [Fact]
    public void Apply_WithAResultForACellWithoutFormula_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FormulaResults.Apply(Sheet, new Dictionary<string, object> { ["A1"] = 1d }));

        Assert.Contains("A1", error.Message);
    }

    [Fact]
    public void Apply_WithAResultForACellNotInTheSheet_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FormulaResults.Apply(Sheet, new Dictionary<string, object> { ["D9"] = 1d }));

        Assert.Contains("D9", error.Message);
    }

    [Fact]
    public void TryGet_WithASheetWithoutResults_ReturnsFalse()
    {
        var results = new FormulaResults();
        results.Add("Campaigns", "D10", 5d);

        Assert.False(results.TryGet("Overview", out _));
        Assert.True(results.TryGet("Campaigns", out var cells));
        Assert.Equal(5d, cells["D10"]);
    }
}
