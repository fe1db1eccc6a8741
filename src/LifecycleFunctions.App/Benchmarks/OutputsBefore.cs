namespace LifecycleFunctions.App.Benchmarks;

/// <summary>The output tables' row keys and the stage-changes queue's length before a recompute.</summary>
public sealed record OutputsBefore(IReadOnlySet<(string Table, string Partition, string Row)> Rows, int Messages);
