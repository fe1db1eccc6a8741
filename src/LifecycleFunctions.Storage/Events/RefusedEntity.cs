using Azure.Data.Tables;

namespace LifecycleFunctions.Storage.Events;

/// <summary>An entity the service refused for what it holds, and the service's reason.</summary>
public sealed record RefusedEntity(TableEntity Entity, string Reason);
