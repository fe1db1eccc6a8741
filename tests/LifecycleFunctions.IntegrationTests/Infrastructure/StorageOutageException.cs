using Azure;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// What every storage call gets once a <see cref="StorageOutage"/> has tripped: a request failure as the SDK
/// reports an unreachable service (no HTTP status), so the app handles it as it would a real outage.
/// </summary>
public sealed class StorageOutageException(string message) : RequestFailedException(0, message);
