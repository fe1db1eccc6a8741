using Azure;

namespace LifecycleFunctions.Storage.Failures;

/// <summary>A failed-events row with the keys and version a change only as it was read needs.</summary>
public sealed record StoredFailedEvent(FailedEvent Event, string RowKey, ETag ETag);
