using LifecycleFunctions.Domain.Datasets;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>The shared real data beside the repository (../shared/data).</summary>
public static class SharedData
{
    public static string CdnowMaster => Find("CDNOW_master.txt");

    public static IReadOnlyList<CdnowPurchase> CdnowPurchases() => CdnowReader.ReadFile(CdnowMaster).ToList();

    private static string Find(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/data/{file} was not found above {AppContext.BaseDirectory}; the tests need the project's shared data beside the repository.");
    }
}
