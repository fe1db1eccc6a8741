using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Engine.Lifecycle;

namespace LifecycleFunctions.Engine.Reports;

/// <summary>Gathers what a funnel workbook shows for a recompute day from the tables the recompute wrote.</summary>
public sealed class FunnelReportLoader(IRunStateStore runs, IAnalyticsReader analytics, IStageMemberReader members, ChannelAliases channels, TimeProvider time)
{
    public async Task<FunnelReportLoad> LoadAsync(DateOnly? asOf, ReportFilter filter, CancellationToken cancellationToken)
    {
        // Channels are stored in lower case under their own names: channel=Google-Ads finds google's people.
        if (filter.Channel is { } channel)
        {
            filter = filter with { Channel = channels.Canonical(channel.ToLowerInvariant()) };
        }

        var state = await runs.ReadStateAsync(cancellationToken);
        if (state.LastAsOf is not { } latest)
        {
            return new FunnelReportLoad(null, null, state.Runs);
        }

        var day = asOf ?? latest;
        if (await analytics.ReadFunnelAsync(day, cancellationToken) is not { } funnel)
        {
            return new FunnelReportLoad(null, latest, state.Runs);
        }

        var report = new FunnelReport
        {
            Funnel = funnel,
            Cohorts = await analytics.ReadCohortsAsync(day, filter.CohortGranularity, cancellationToken),
            Campaigns = await analytics.ReadCampaignsAsync(day, cancellationToken),
            Trends = await analytics.ReadTrendsAsync(day, cancellationToken),
            MembersAsOf = latest,
            Members = members.ReadAsync,
            Filter = filter,
            GeneratedAt = time.GetUtcNow(),
        };
        return new FunnelReportLoad(report, latest, state.Runs);
    }
}
