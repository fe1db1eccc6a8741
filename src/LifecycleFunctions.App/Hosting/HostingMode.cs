namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Which host runs the app, decided once at start (<see cref="FunctionsHostDetection"/>): behind the Functions host the
/// platform owns triggers, keys, CORS and provisioning; standalone the app does them itself.
/// </summary>
public sealed record HostingMode(bool BehindFunctionsHost);
