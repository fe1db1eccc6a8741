namespace LifecycleFunctions.Engine.Reports;

/// <param name="Rows">Member rows streamed so far.</param>
/// <param name="TotalRows">Member rows expected (from the funnel counts).</param>
public sealed record ExportProgress(string Phase, long Rows, long TotalRows);
