using LifecycleFunctions.Domain.Datasets;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>
/// The CDNOW 1/10 sample of Fader, Hardie and Lee (2005): 2,357 customers, each purchase line an order completed at
/// noon UTC of its day, summarised as of 1997-09-30 (the end of the paper's 39-week calibration period).
/// </summary>
public static class CdnowSample
{
    public const string RelativePath = "shared/data/CDNOW_sample.txt";

    public static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    private static readonly Lazy<IReadOnlyList<CdnowPurchase>> AllPurchases = new(() => CdnowReader.ReadFile(FindDataFile()).ToList());

    private static readonly Lazy<IReadOnlyList<CustomerSummary>> CalibrationSummaries = new(() => Summaries(CalibrationEnd));

    public static IReadOnlyList<CdnowPurchase> Purchases => AllPurchases.Value;

    public static IReadOnlyList<CustomerSummary> Calibration => CalibrationSummaries.Value;

    public static IReadOnlyList<CustomerSummary> Summaries(DateOnly asOf) =>
        [.. Purchases
            .GroupBy(p => p.CustomerId)
            .Select(g => CustomerSummary.FromOrders(
                g.Key,
                g.Select(p => OrderFact.Completion(p.OrderId, new DateTimeOffset(p.Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), p.Amount)),
                asOf))
            .OfType<CustomerSummary>()];

    private static string FindDataFile()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"The CDNOW sample was not found: no folder above {AppContext.BaseDirectory} contains {RelativePath}.");
        return string.Empty;
    }
}
