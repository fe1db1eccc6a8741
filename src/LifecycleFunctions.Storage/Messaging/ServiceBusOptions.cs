namespace LifecycleFunctions.Storage.Messaging;

/// <summary>
/// The ServiceBus section: where stage changes are also published. In Azure a namespace and the app's managed
/// identity (ServiceBus__FullyQualifiedNamespace, with __Credential=managedidentity and __ClientId for a
/// user-assigned identity, as the Bicep sets them); elsewhere a connection string. Neither set: no publishing.
/// </summary>
public sealed class ServiceBusOptions
{
    public const string Section = "ServiceBus";
    public const string DefaultTopic = "stage-changes";

    public string? FullyQualifiedNamespace { get; set; }
    public string? ConnectionString { get; set; }
    public string Topic { get; set; } = DefaultTopic;

    /// <summary>The user-assigned identity's client id; empty for the system-assigned one or a developer's sign-in.</summary>
    public string? ClientId { get; set; }

    /// <summary><c>managedidentity</c>: the managed identity only, not the whole DefaultAzureCredential chain.</summary>
    public string? Credential { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(FullyQualifiedNamespace) || !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>Null when the settings are usable; otherwise what is wrong, naming the settings.</summary>
    public string? Problem() =>
        !string.IsNullOrWhiteSpace(FullyQualifiedNamespace) && !string.IsNullOrWhiteSpace(ConnectionString)
            ? $"{Section}:FullyQualifiedNamespace and {Section}:ConnectionString are both set; set one (the namespace with a managed identity in Azure, the connection string elsewhere)."
            : IsConfigured && string.IsNullOrWhiteSpace(Topic) ? $"{Section}:Topic is empty; leave it unset for '{DefaultTopic}' or name the topic."
            : null;
}
