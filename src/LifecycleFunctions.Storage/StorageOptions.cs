namespace LifecycleFunctions.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>An Azure Storage connection string. The default is the local emulator, which the app starts itself.</summary>
    public string ConnectionString { get; set; } = DevelopmentStorage;

    /// <summary>Set instead of a connection string when the account is reached with a managed identity (no keys).</summary>
    public IdentityStorageAccount? Identity { get; set; }

    /// <summary>The SDK's retries of each call; unset: the SDK's defaults.</summary>
    public StorageRetryOptions Retry { get; set; } = new();

    public bool IsDevelopmentStorage =>
        Identity is null && ConnectionString.Trim().TrimEnd(';').Equals(DevelopmentStorage, StringComparison.OrdinalIgnoreCase);
}
