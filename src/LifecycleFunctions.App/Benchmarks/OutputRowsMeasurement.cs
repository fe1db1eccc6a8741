using System.Globalization;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>How many rows each table received (how many of them replaced a row), the messages sent, and the time to do the same bare.</summary>
public sealed record OutputRowsMeasurement(IReadOnlyDictionary<string, int> RowsByTable, int Replaced, int Messages, PhaseMeasurement BareWrite)
{
    public string Describe() =>
        string.Join(", ", RowsByTable.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:N0}")))
        + string.Create(CultureInfo.InvariantCulture, $" ({Replaced:N0} of them replacing a row); stage-changes messages {Messages:N0}");
}
