using Azure;

namespace LifecycleFunctions.Storage.Failures;

/// <summary>A failed-events row with the keys and version a conditional delete needs.</summary>
public sealed record StoredFailedEvent(FailedEvent Event, string RowKey, ETag ETag);
