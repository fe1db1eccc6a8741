using LifecycleFunctions.App.Cli;
using LifecycleFunctions.App.Collection;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// On every HTTP function: a storage failure (refused, dropped, timed out, the SDK's retries spent) or the
/// request's <see cref="StorageDeadline"/> running out is answered 503 storage-unavailable with Retry-After,
/// in one place rather than a try/catch in each function; anything else stays a bug with its stack trace.
/// </summary>
public sealed class StorageUnavailableFilter(IOptions<CollectOptions> options, ILogger<StorageUnavailableFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var deadline = new StorageDeadline(TimeSpan.FromSeconds(options.Value.StorageTimeoutSeconds), http.RequestAborted);
        http.Response.RegisterForDispose(deadline);
        http.Features.Set(deadline);
        try
        {
            return await next(context);
        }
        // A request body that did not arrive is an IOException too, but the sender's, not storage's.
        catch (Exception ex) when (ex is not (BadHttpRequestException or ConnectionResetException) && TransientStorageError.Is(ex))
        {
            return Unavailable(http, StorageFailure.Describe(ex) ?? ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (deadline.Expired)
        {
            return Unavailable(http, $"storage did not answer within {deadline.Budget.TotalSeconds:0.#} s (Collect:StorageTimeoutSeconds)", ex);
        }
        finally
        {
            deadline.Stop();
        }
    }

    private IResult Unavailable(HttpContext context, string reason, Exception ex)
    {
        // One line an operator reads; the chain (the SDK's retries, each with its stack) only when asked for.
        logger.LogWarning("{Method} {Path} answered 503 storage-unavailable: {Reason}", context.Request.Method, context.Request.Path.Value, reason);
        logger.LogDebug(ex, "{Method} {Path}: the storage failure in full", context.Request.Method, context.Request.Path.Value);
        return Problems.StorageUnavailable();
    }
}
