namespace LifecycleFunctions.App.Demo;

/// <summary>Finds the shared CDNOW data set beside the repository, where the project's checkouts keep it.</summary>
public static class DemoPaths
{
    public static string? FindCdnow()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "CDNOW_master.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
