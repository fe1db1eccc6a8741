using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Reporting.Tests;

/// <summary>A small report built by hand: three channels, two cohorts, a campaign, two recompute days, and members per stage.</summary>
public static class SampleReport
{
    public static readonly DateOnly AsOf = new(2026, 11, 23);

    public static StageMember Member(string key, LifecycleStage stage, string channel = "google", int orders = 0, decimal revenue = 0m, string? email = null) =>
        new(key, stage, AsOf.AddDays(-10), channel, orders, revenue, orders > 0 ? AsOf.AddDays(-3) : null, email);

    public static List<StageMember> Members() =>
    [
        Member("a:visitor-1", LifecycleStage.Reach, "direct"),
        Member("a:visitor-2", LifecycleStage.Reach, "google"),
        Member("u:lead-1", LifecycleStage.Acquisition, "facebook", email: "lead1@example.com"),
        Member("u:buyer-1", LifecycleStage.Conversion, "google", 1, 25.50m, "b1@example.com"),
        Member("u:buyer-2", LifecycleStage.Retention, "facebook", 3, 120m),
        Member("u:fan-1", LifecycleStage.Loyalty, "google", 6, 410.25m),
        Member("u:fan-2", LifecycleStage.Advocacy, "direct", 2, 80m),
        Member("u:gone-1", LifecycleStage.Lapsed, "google", 1, 15m),
        Member("u:gone-2", LifecycleStage.Lapsed, "facebook", 2, 40m),
    ];

    public static FunnelReport Build(
        IReadOnlyList<StageMember>? members = null,
        ReportFilter? filter = null,
        DateOnly? membersAsOf = null,
        FunnelSnapshot? funnel = null,
        IReadOnlyList<CampaignRow>? campaigns = null,
        IReadOnlyList<(DateOnly AsOf, IReadOnlyList<FunnelRow> Stages)>? trends = null)
    {
        members ??= Members();
        return new FunnelReport
        {
            Funnel = funnel ?? Snapshot(members),
            Cohorts = Cohorts(),
            Campaigns = campaigns ??
            [
                new CampaignRow("google", "black-friday", 10_000, 250, 0.025, 500m, 3, 2, 166.67m, 250m),
                new CampaignRow("facebook", "retarget", 4_000, 40, 0.01, 120m, 1, 0, 120m, null),
            ],
            Trends = trends ??
            [
                (AsOf.AddDays(-1), Stages(members, -1)),
                (AsOf, Stages(members, 0)),
            ],
            MembersAsOf = membersAsOf ?? AsOf,
            Members = (stage, _) => Stream(members.Where(m => m.Stage == stage)),
            Filter = filter ?? new ReportFilter(),
            GeneratedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        };
    }

    /// <summary>A snapshot whose current counts match the members (as the engine's do), built through the real aggregator.</summary>
    public static FunnelSnapshot Snapshot(IReadOnlyList<StageMember> members)
    {
        var aggregator = new FunnelAggregator { AsOf = AsOf };
        foreach (var m in members)
        {
            aggregator.Add(m.FirstTouchChannel, m.Stage, [new StageSpell(m.Stage, m.Entered, null, null, false)]);
            aggregator.Totals.Add(m.Orders, m.Revenue);
        }

        return aggregator.Build();
    }

    /// <summary>Campaign rows with their ratios computed by the real aggregator, from totals keyed "channel|campaign".</summary>
    public static IReadOnlyList<CampaignRow> Campaigns(params (string Key, CampaignTotals Totals)[] campaigns)
    {
        var aggregator = new CampaignAggregator();
        foreach (var (key, totals) in campaigns)
        {
            aggregator.Campaigns[key] = totals;
        }

        return aggregator.Build();
    }

    public static CohortTable Cohorts() => new(CohortGranularity.Month, AsOf,
    [
        new CohortRow("2026-10", new DateOnly(2026, 10, 1), 4,
        [
            new CohortCell(0, new DateOnly(2026, 10, 1), 4, 4, 200m, 50m, false),
            new CohortCell(1, new DateOnly(2026, 11, 1), 1, 1, 30m, 57.5m, true),
        ]),
        new CohortRow("2026-11", new DateOnly(2026, 11, 1), 2,
        [
            new CohortCell(0, new DateOnly(2026, 11, 1), 2, 2, 90m, 45m, true),
        ]),
    ]);

    public static IReadOnlyList<FunnelRow> Stages(IReadOnlyList<StageMember> members, int shift) =>
        Enum.GetValues<LifecycleStage>().Select(s => new FunnelRow(s, Math.Max(0, members.Count(m => m.Stage == s) + shift), 0, null, null, null)).ToList();

    public static async IAsyncEnumerable<StageMember> Stream(IEnumerable<StageMember> members)
    {
        foreach (var m in members)
        {
            await Task.Yield();
            yield return m;
        }
    }
}
