using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Reports;

/// <summary>Everything a funnel workbook shows, read from storage beforehand except the member lists, which are streamed.</summary>
public sealed class FunnelReport
{
    public required FunnelSnapshot Funnel { get; init; }
    public required CohortTable Cohorts { get; init; }
    public required IReadOnlyList<CampaignRow> Campaigns { get; init; }
    public required IReadOnlyList<(DateOnly AsOf, IReadOnlyList<FunnelRow> Stages)> Trends { get; init; }

    /// <summary>The day the stored member lists are as of (the latest recompute); member sheets exist only when it is the report's day.</summary>
    public DateOnly? MembersAsOf { get; init; }

    /// <summary>Streams one stage's members; called once per stage sheet, in funnel order.</summary>
    public required Func<LifecycleStage, CancellationToken, IAsyncEnumerable<StageMember>> Members { get; init; }

    public required ReportFilter Filter { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    public DateOnly AsOf => Funnel.AsOf;

    public bool HasMemberLists => MembersAsOf == AsOf;

    /// <summary>The stages the workbook has member sheets for: one if the report is for a stage, else all.</summary>
    public IReadOnlyList<LifecycleStage> MemberStages =>
        !HasMemberLists ? [] : Filter.Stage is { } stage ? [stage] : Enum.GetValues<LifecycleStage>();

    /// <summary>The funnel rows the report shows: everyone's, or the filtered channel's (without what slices don't keep).</summary>
    public IReadOnlyList<FunnelRow> Stages
    {
        get
        {
            if (Filter.Channel is not { } channel)
            {
                return Funnel.Stages;
            }

            var slice = Funnel.ByChannel.Where(r => string.Equals(r.Slice, channel, StringComparison.Ordinal)).ToDictionary(r => r.Stage);
            return Funnel.Stages.Select(overall =>
            {
                var row = slice.GetValueOrDefault(overall.Stage);
                var previous = FunnelAggregator.MeasuredAgainst(overall.Stage) is { } p ? slice.GetValueOrDefault(p) : null;
                return new FunnelRow(
                    overall.Stage,
                    row?.Current ?? 0,
                    row?.EverReached ?? 0,
                    previous is { EverReached: > 0 } ? (double)(row?.EverReached ?? 0) / previous.EverReached : null,
                    row?.ConversionFromReach,
                    null);
            }).ToList();
        }
    }

    /// <summary>How many members a stage has in this report: what sizes the member sheets before the rows are streamed.</summary>
    public int MemberCount(LifecycleStage stage) => Stages.Single(r => r.Stage == stage).Current;
}
