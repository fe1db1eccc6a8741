using Azure.Core;
using Azure.Identity;

namespace LifecycleFunctions.Storage;

/// <summary>
/// The credential of an identity-based connection, read as the Functions host reads one: __credential=managedidentity
/// signs in with the managed identity only (its __clientId for a user-assigned one); otherwise the
/// DefaultAzureCredential chain, so a developer's own sign-in works too.
/// </summary>
public static class AzureCredentials
{
    public static TokenCredential Create(string? clientId, bool managedIdentityOnly) => managedIdentityOnly
        ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrEmpty(clientId) ? null : clientId });
}
