using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Operations;
using LifecycleFunctions.Engine.Operations;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Functions;

/// <summary>GET /api/admin/status: queues, failed events, the recompute against its schedule, and what needs attention
/// (function key required).</summary>
public sealed class GetPipelineStatus(PipelineStatusService status) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) =>
        Results.Json(PipelineStatusJson.From(await status.ReadAsync(StorageDeadline.Start(context))), PipelineStatusJson.Options);
}
