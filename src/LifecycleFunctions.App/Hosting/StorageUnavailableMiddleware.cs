using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// The worker's <see cref="HttpStorageGuard"/> on each HTTP function: registered after the ASP.NET Core integration, so it runs
/// inside it and its 503 result is written to the response as the function's own would be.
/// </summary>
public sealed class StorageUnavailableMiddleware(HttpStorageGuard guard) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var result = await guard.RunAsync(http, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value;
        });
        context.GetInvocationResult().Value = result;
    }
}
