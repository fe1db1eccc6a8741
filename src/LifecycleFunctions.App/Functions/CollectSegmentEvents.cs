using LifecycleFunctions.App.Collection;
using LifecycleFunctions.App.Hosting;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Functions;

/// <summary>POST /v1/{call}: the Segment HTTP Tracking API (track, identify, page, screen, group, alias, batch).</summary>
public sealed class CollectSegmentEvents(SegmentCollector collector) : IHttpFunction
{
    public Task<IResult> RunAsync(HttpContext context) =>
        collector.CollectAsync(context, context.Request.RouteValues["call"] as string ?? string.Empty);
}
