namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// What the host needs to start a dotnet-isolated worker: the worker assembly, the function app folder (where
/// host.json and functions.metadata are; the host's script root) and the app settings it passes as environment.
/// </summary>
public sealed record WorkerLaunch(string WorkerAssembly, string AppDirectory, IReadOnlyDictionary<string, string> AppSettings)
{
    /// <summary>The worker's folder is the app folder, as in a published function app.</summary>
    public static WorkerLaunch FromAppFolder(string appDirectory, string workerAssemblyName, IReadOnlyDictionary<string, string> appSettings) =>
        new(Path.Combine(appDirectory, workerAssemblyName), appDirectory, appSettings);
}
