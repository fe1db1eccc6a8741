namespace LifecycleFunctions.App.Demo;

public sealed record DemoOptions(int People, int Seed, string? CdnowPath, int CdnowCustomers, bool KeepRunning, string Urls, IReadOnlyList<string> HostArgs)
{
    /// <summary>Where the demo writes its workbook.</summary>
    public string WorkbookDirectory { get; init; } = Path.Combine("reports", "out");
}
