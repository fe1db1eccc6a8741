namespace LifecycleFunctions.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>An Azure Storage connection string. The default is the local emulator, which the app starts itself.</summary>
    public string ConnectionString { get; set; } = DevelopmentStorage;

    public bool IsDevelopmentStorage =>
        ConnectionString.Trim().TrimEnd(';').Equals(DevelopmentStorage, StringComparison.OrdinalIgnoreCase);
}
