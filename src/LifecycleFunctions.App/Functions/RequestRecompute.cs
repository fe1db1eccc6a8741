using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Functions;

/// <summary>POST /api/admin/recompute[?asOf=yyyy-MM-dd]: queues an on-demand recompute (function key required).</summary>
public sealed class RequestRecompute(RecomputeRequests requests) : IHttpFunction
{
    public Task<IResult> RunAsync(HttpContext context) => requests.AcceptAsync(context);
}
