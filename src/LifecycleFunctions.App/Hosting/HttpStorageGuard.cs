using LifecycleFunctions.App.Cli;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Around every HTTP function, under both hosts (<see cref="StorageUnavailableFilter"/>, <see cref="StorageUnavailableMiddleware"/>):
/// a storage failure (refused, dropped, timed out, the SDK's retries spent) or the request's <see cref="StorageDeadline"/>
/// running out is answered 503 storage-unavailable with Retry-After,
/// in one place rather than a try/catch in each function; anything else stays a bug with its stack trace.
/// The log says so once per outage, as the polling loops do, not once per refused request: with a thousand
/// tracking scripts retrying, a line per 503 would bury what an operator needs.
/// </summary>
public sealed class HttpStorageGuard(IOptions<CollectOptions> options, [FromKeyedServices(HttpStorageGuard.OutageLogKey)] StorageOutageLog outage)
{
    public const string OutageLogKey = "http-functions";

    /// <returns>The function's result, or the 503 problem when storage failed it.</returns>
    public async Task<object?> RunAsync(HttpContext http, Func<Task<object?>> function)
    {
        var deadline = new StorageDeadline(TimeSpan.FromSeconds(options.Value.StorageTimeoutSeconds), http.RequestAborted);
        http.Response.RegisterForDispose(deadline);
        http.Features.Set(deadline);
        try
        {
            var result = await function();
            if (deadline.Started)
            {
                // Its storage work went through: storage answers again, if it did not before.
                outage.Succeeded();
            }

            return result;
        }
        // A request body that did not arrive is an IOException too, but the sender's, not storage's.
        catch (Exception ex) when (ex is not (BadHttpRequestException or ConnectionResetException) && TransientStorageError.Is(ex))
        {
            return Unavailable(http, StorageFailure.Describe(ex) ?? ex.Message, ex);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            // Said as a timeout: the cancellation itself names no cause.
            var reason = $"storage did not answer within {deadline.Budget.TotalSeconds:0.#} s (Collect:StorageTimeoutSeconds)";
            return Unavailable(http, reason, new TimeoutException(reason));
        }
        finally
        {
            deadline.Stop();
        }
    }

    private IResult Unavailable(HttpContext context, string reason, Exception ex)
    {
        // The outage's first 503 is a warning with its reason; each one after it, with the chain, at Debug.
        outage.Failed(ex, $"{context.Request.Method} {context.Request.Path.Value} answered 503 storage-unavailable: {reason}");
        return Problems.StorageUnavailable();
    }
}
