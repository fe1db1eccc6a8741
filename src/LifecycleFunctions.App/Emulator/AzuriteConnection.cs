using System.Globalization;

namespace LifecycleFunctions.App.Emulator;

/// <summary>Connection strings for the emulator's well-known development account.</summary>
public static class AzuriteConnection
{
    // The emulator's published development key, the same on every machine; not a secret.
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string For(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};");
}
