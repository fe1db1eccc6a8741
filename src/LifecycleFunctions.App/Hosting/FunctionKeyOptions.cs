namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// The key that guards HTTP functions declared with authLevel "function" (reports, admin) in standalone mode.
/// On Azure the Functions host checks its own function keys before forwarding the request.
/// </summary>
public sealed class FunctionKeyOptions
{
    public const string Section = "Reports";

    /// <summary>The key a local run accepts when none is configured.</summary>
    public const string LocalKey = "local-dev-function-key";

    public string? FunctionKey { get; set; }
}
