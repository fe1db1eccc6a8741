using LifecycleFunctions.Storage.Messaging;
using Microsoft.Extensions.Configuration;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// The Azure Functions way to stop one function without a redeploy: the app setting
/// <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> set to <c>true</c> (or <c>1</c>). Behind the host, the host honours
/// it; standalone, the app does: no listener for a disabled trigger, and a disabled HTTP function answers 404.
/// Environment variables cannot hold dots in most shells, so <c>AzureWebJobs__&lt;Name&gt;__Disabled</c> counts too.
/// A function marked <see cref="RequiresServiceBusAttribute"/> is also off while Service Bus is not configured.
/// </summary>
public static class FunctionSwitch
{
    public static string SettingName(string function) => $"AzureWebJobs.{function}.Disabled";

    public static bool IsDisabled(IConfiguration configuration, string function) =>
        IsOn(configuration[SettingName(function)]) || IsOn(configuration[$"AzureWebJobs:{function}:Disabled"]);

    /// <summary>Disabled by its setting, or by a missing Service Bus configuration the handler needs.</summary>
    public static bool IsDisabled(IConfiguration configuration, string function, Type handler) =>
        IsDisabled(configuration, function) || LacksServiceBus(configuration, handler);

    public static bool LacksServiceBus(IConfiguration configuration, Type handler) =>
        handler.IsDefined(typeof(RequiresServiceBusAttribute), inherit: false) && !ServiceBusConfigured(configuration);

    public static bool ServiceBusConfigured(IConfiguration configuration) =>
        (configuration.GetSection(ServiceBusOptions.Section).Get<ServiceBusOptions>() ?? new ServiceBusOptions()).IsConfigured;

    private static bool IsOn(string? value) =>
        value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
}
