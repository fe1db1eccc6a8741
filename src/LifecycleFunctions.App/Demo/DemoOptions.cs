namespace LifecycleFunctions.App.Demo;

/// <param name="People">Synthetic people to generate.</param>
/// <param name="Months">The history the synthetic traffic spreads over.</param>
/// <param name="Cdnow">Send real CDNOW purchases too (only them with People 0).</param>
public sealed record DemoOptions(int People, int Months, int Seed, bool Cdnow, string? CdnowPath, int CdnowCustomers, bool KeepRunning, string Urls, IReadOnlyList<string> HostArgs)
{
    /// <summary>Where the demo writes its workbook.</summary>
    public string WorkbookDirectory { get; init; } = Path.Combine("reports", "out");
}
