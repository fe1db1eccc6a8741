namespace LifecycleFunctions.App.Emulator;

public sealed class AzuriteOptions
{
    public const string Section = "Azurite";

    /// <summary>The Azurite release installed on first use; pinned so every machine runs the same emulator.</summary>
    public string Version { get; set; } = "3.37.0";

    /// <summary>Where Azurite is installed with npm. Default: .tools/azurite at the repository root, else the user's cache folder.</summary>
    public string? ToolsPath { get; set; }

    /// <summary>Where Azurite keeps its data between runs. Default: .azurite at the repository root, else the user's data folder.</summary>
    public string? DataPath { get; set; }

    public bool InMemory { get; set; }

    public int BlobPort { get; set; } = 10000;
    public int QueuePort { get; set; } = 10001;
    public int TablePort { get; set; } = 10002;

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
