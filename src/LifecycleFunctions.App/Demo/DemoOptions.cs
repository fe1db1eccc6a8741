namespace LifecycleFunctions.App.Demo;

public sealed record DemoOptions(int People, int Seed, string? CdnowPath, int CdnowCustomers, bool KeepRunning, string Urls, IReadOnlyList<string> HostArgs);
