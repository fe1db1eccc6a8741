using Microsoft.Extensions.Configuration;

namespace LifecycleFunctions.Storage;

/// <summary>
/// An identity-based connection, configured the way the Azure Functions host reads one:
/// AzureWebJobsStorage__accountName (or __tableServiceUri, __queueServiceUri, __blobServiceUri), and
/// __credential=managedidentity with __clientId for a user-assigned identity.
/// </summary>
public sealed record IdentityStorageAccount(Uri TableServiceUri, Uri QueueServiceUri, Uri BlobServiceUri, string? ClientId, bool ManagedIdentityOnly)
{
    public static IdentityStorageAccount? FromConfiguration(IConfigurationSection section)
    {
        var account = section["accountName"];
        Uri? Service(string kind) =>
            section[$"{kind}ServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{kind}.core.windows.net")
            : null;

        var table = Service("table");
        var queue = Service("queue");
        var blob = Service("blob");
        if (table is null && queue is null && blob is null)
        {
            return null;
        }

        if (table is null || queue is null || blob is null)
        {
            throw new InvalidOperationException(
                $"{section.Path} names some storage services but not all: set {section.Path}__accountName, or all of __tableServiceUri, __queueServiceUri and __blobServiceUri.");
        }

        return new IdentityStorageAccount(table, queue, blob, section["clientId"], string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase));
    }
}
