using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// The campaigns table's schema, shared by the writer (<see cref="AnalyticsTables"/>) and the reader
/// (<see cref="Reports.AnalyticsReader"/>): partition = the run's as-of day, row = "{channel}|{campaign}" escaped.
/// </summary>
public static class CampaignEntity
{
    public static string Partition(DateOnly asOf) => EntityValues.DayKey(asOf);

    public static TableEntity ToEntity(string partition, CampaignRow r)
    {
        var e = new TableEntity(partition, StoredKey.Escape($"{r.Channel}|{r.Campaign}"))
        {
            ["Channel"] = r.Channel,
            ["Campaign"] = r.Campaign,
            ["Impressions"] = r.Impressions,
            ["Clicks"] = r.Clicks,
            ["Cost"] = EntityValues.Money(r.Cost),
            ["Acquired"] = r.Acquired,
            ["Converted"] = r.Converted,
        };
        EntityValues.SetIfAny(e, "ClickThroughRate", r.ClickThroughRate);
        EntityValues.SetIfAny(e, "CostPerAcquisition", r.CostPerAcquisition);
        EntityValues.SetIfAny(e, "CostPerConversion", r.CostPerConversion);
        return e;
    }

    public static CampaignRow FromEntity(TableEntity e) => new(
        e.GetString("Channel"),
        e.GetString("Campaign"),
        e.GetInt64("Impressions") ?? 0,
        e.GetInt64("Clicks") ?? 0,
        e.GetDouble("ClickThroughRate"),
        EntityValues.Money(e, "Cost") ?? 0,
        e.GetInt32("Acquired") ?? 0,
        e.GetInt32("Converted") ?? 0,
        EntityValues.Money(e, "CostPerAcquisition"),
        EntityValues.Money(e, "CostPerConversion"));
}
