using LifecycleFunctions.Engine.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.Reporting;

public static class ReportingServiceCollectionExtensions
{
    /// <summary>The Excel workbook exporter, as itself and as the engine's <see cref="IFunnelWorkbookExporter"/>.</summary>
    public static IServiceCollection AddLifecycleReporting(this IServiceCollection services)
    {
        services.AddSingleton(new FunnelWorkbookExporter());
        services.AddSingleton<IFunnelWorkbookExporter>(sp => sp.GetRequiredService<FunnelWorkbookExporter>());
        return services;
    }
}
