namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>What every storage call gets once a <see cref="StorageOutage"/> has tripped.</summary>
public sealed class StorageOutageException(string message) : Exception(message);
