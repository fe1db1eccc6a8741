namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Whether the Azure Functions host started this process as its worker. The host passes --functions-uri and
/// --functions-worker-id (always both), and FunctionsNetHost, which loads the app in place on Flex Consumption, sets the
/// AppContext switch AZURE_FUNCTIONS_NATIVE_HOST. FUNCTIONS_WORKER_RUNTIME alone does not count: it is an app setting
/// a developer may also have exported in the shell where they run the CLI.
/// </summary>
public static class FunctionsHostDetection
{
    public const string NativeHostSwitch = "AZURE_FUNCTIONS_NATIVE_HOST";

    public static bool IsFunctionsWorker(IReadOnlyList<string> args) =>
        AppContext.GetData(NativeHostSwitch) is not null
        || args.Any(a => a.StartsWith("--functions-uri", StringComparison.Ordinal)
                      || a.StartsWith("--functions-worker-id", StringComparison.Ordinal));
}
