using Azure.Messaging.ServiceBus;

namespace LifecycleFunctions.Storage.Messaging;

/// <summary>The client for <see cref="ServiceBusOptions"/>: the namespace with an Azure credential, or the connection string.</summary>
public static class ServiceBusClientFactory
{
    public static ServiceBusClient Create(ServiceBusOptions options)
    {
        if (options.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        if (!string.IsNullOrWhiteSpace(options.FullyQualifiedNamespace))
        {
            var managedIdentityOnly = string.Equals(options.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase);
            return new ServiceBusClient(options.FullyQualifiedNamespace, AzureCredentials.Create(options.ClientId, managedIdentityOnly));
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new ServiceBusClient(options.ConnectionString);
        }

        throw new InvalidOperationException(
            $"Service Bus is not configured: set {ServiceBusOptions.Section}:FullyQualifiedNamespace (managed identity) or {ServiceBusOptions.Section}:ConnectionString to publish stage changes to the topic.");
    }
}
