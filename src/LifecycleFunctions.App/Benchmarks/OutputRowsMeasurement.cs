using System.Globalization;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>How many rows each table received, and the time to write them bare.</summary>
public sealed record OutputRowsMeasurement(IReadOnlyDictionary<string, int> RowsByTable, PhaseMeasurement BareWrite)
{
    public string Describe() => string.Join(", ", RowsByTable.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:N0}")));
}
