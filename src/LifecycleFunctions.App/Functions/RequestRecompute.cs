using LifecycleFunctions.App.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>POST /api/admin/recompute[?asOf=yyyy-MM-dd]: queues an on-demand recompute (function key required).</summary>
public sealed class RequestRecompute(RecomputeRequests requests)
{
    [Function(nameof(RequestRecompute))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/recompute")] HttpRequest request) =>
        requests.AcceptAsync(request.HttpContext);
}
