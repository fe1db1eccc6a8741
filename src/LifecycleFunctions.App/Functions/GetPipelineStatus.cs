using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Operations;
using LifecycleFunctions.Engine.Operations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LifecycleFunctions.App.Functions;

/// <summary>GET /api/admin/status: queues, failed events, the recompute against its schedule, and what needs attention
/// (function key required).</summary>
public sealed class GetPipelineStatus(PipelineStatusService status)
{
    [Function(nameof(GetPipelineStatus))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/admin/status")] HttpRequest request) =>
        Results.Json(PipelineStatusJson.From(await status.ReadAsync(StorageDeadline.Start(request.HttpContext))), PipelineStatusJson.Options);
}
