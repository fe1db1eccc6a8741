using System.Globalization;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Lifecycle;

/// <summary>Validates an on-demand recompute request and queues it; the recompute itself may take minutes.</summary>
public sealed class RecomputeRequests(StorageClients clients, TimeProvider time)
{
    public async Task<IResult> AcceptAsync(HttpContext context)
    {
        DateOnly? asOf = null;
        if (context.Request.Query["asOf"].FirstOrDefault() is { Length: > 0 } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "Invalid asOf", $"'asOf' must be a date as yyyy-MM-dd (got '{text}').");
            }

            if (day > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
            {
                // Classifying as of a day to come would lapse people early and announce it on stage-changes.
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "Invalid asOf", $"'asOf' {text} is in the future; a recompute classifies as of today (UTC) at the latest.");
            }

            asOf = day;
        }

        await clients.Queue(RecomputeQueues.Requests).SendMessageAsync(new RecomputeRequest(asOf).ToJson(), StorageDeadline.Start(context));
        return Results.Accepted(value: new { queued = true, asOf = asOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "today" });
    }
}
