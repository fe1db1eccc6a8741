using LifecycleFunctions.App.Collection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>POST /v1/{call}: the Segment HTTP Tracking API (track, identify, page, screen, group, alias, batch).</summary>
public sealed class CollectSegmentEvents(SegmentCollector collector)
{
    [Function(nameof(CollectSegmentEvents))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/{call:alpha}")] HttpRequest request, string call) =>
        collector.CollectAsync(request.HttpContext, call);
}
