namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Marks a function that is declared only in the Service Bus variant of the package (functions.servicebus/),
/// because its bindings need Service Bus. With Storage queues (the default, and always in standalone mode) it has
/// no function.json, and the catalog accepts that instead of reporting drift.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ServiceBusOnlyAttribute : Attribute;
