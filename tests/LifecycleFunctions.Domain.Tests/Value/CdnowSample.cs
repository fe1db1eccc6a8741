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

    /// <summary>The end of the paper's hold-out, week 78, and the last day of the sample.</summary>
    public static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    private static readonly Lazy<IReadOnlyList<CdnowPurchase>> AllPurchases = new(() => CdnowReader.ReadFile(FindDataFile()).ToList());

    private static readonly Lazy<IReadOnlyList<CustomerSummary>> CalibrationSummaries = new(() => Summaries(CalibrationEnd));

    private static readonly Lazy<IReadOnlyList<PurchaseHistory>> AllHistories = new(() =>
        [.. Purchases
            .GroupBy(p => p.CustomerId)
            .Select(g => PurchaseHistory.FromOrders(g.Key, Orders(g), HoldoutEnd))
            .OfType<PurchaseHistory>()]);

    public static IReadOnlyList<CdnowPurchase> Purchases => AllPurchases.Value;

    /// <summary>Every customer's purchase days through the end of the sample (1998-06-30).</summary>
    public static IReadOnlyList<PurchaseHistory> Histories => AllHistories.Value;

    public static IReadOnlyList<CustomerSummary> Calibration => CalibrationSummaries.Value;

    public static IReadOnlyList<CustomerSummary> Summaries(DateOnly asOf) =>
        [.. Purchases
            .GroupBy(p => p.CustomerId)
            .Select(g => CustomerSummary.FromOrders(g.Key, Orders(g), asOf))
            .OfType<CustomerSummary>()];

    private static IEnumerable<OrderFact> Orders(IEnumerable<CdnowPurchase> lines) =>
        lines.Select(p => OrderFact.Completion(p.OrderId, new DateTimeOffset(p.Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), p.Amount));

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
