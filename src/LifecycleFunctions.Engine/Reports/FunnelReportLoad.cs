
namespace LifecycleFunctions.Engine.Reports;

/// <param name="Report">Null when no recompute ran yet, or none ran for the day asked.</param>
/// <param name="Latest">The latest recompute's day, if any.</param>
/// <param name="Days">Every day a recompute ran for, to say which exist.</param>
public sealed record FunnelReportLoad(FunnelReport? Report, DateOnly? Latest, IReadOnlyList<DateOnly> Days);
