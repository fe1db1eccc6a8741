namespace LifecycleFunctions.Domain.Analytics;

/// <param name="Acquired">People whose first touch was this campaign and who got to Acquisition or further.</param>
/// <param name="Converted">The same for Conversion.</param>
public sealed record CampaignRow(string Channel, string Campaign, long Impressions, long Clicks, double? ClickThroughRate, decimal Cost, int Acquired, int Converted, decimal? CostPerAcquisition, decimal? CostPerConversion);
