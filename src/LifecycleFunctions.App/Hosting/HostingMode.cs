namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Decided once at start from <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>: behind the Functions host the platform owns
/// triggers, CORS and provisioning; standalone the app does them itself.
/// </summary>
public sealed record HostingMode(bool BehindFunctionsHost);
