using LifecycleFunctions.App.Emulator;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// "UseDevelopmentStorage=true" means the emulator's default ports to the SDK; when Azurite:*Port moves the
/// emulator the app starts, the clients must follow it there.
/// </summary>
public static class EmulatorPorts
{
    public static StorageOptions Apply(StorageOptions storage, AzuriteOptions azurite) =>
        storage.IsDevelopmentStorage && azurite is not { BlobPort: 10000, QueuePort: 10001, TablePort: 10002 }
            ? new StorageOptions { ConnectionString = AzuriteConnection.For(azurite.BlobPort, azurite.QueuePort, azurite.TablePort), Retry = storage.Retry }
            : storage;
}
