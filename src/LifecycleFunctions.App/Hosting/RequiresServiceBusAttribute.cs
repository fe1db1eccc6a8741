namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Marks a function that only has work when Service Bus is configured (ServiceBus:FullyQualifiedNamespace or
/// ServiceBus:ConnectionString). Without it the function is off, as if AzureWebJobs.&lt;Name&gt;.Disabled were set:
/// standalone no listener starts; behind the Functions host the Bicep sets that setting itself.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresServiceBusAttribute : Attribute;
