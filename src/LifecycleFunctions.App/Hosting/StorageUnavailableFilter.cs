using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Hosting;

/// <summary>The standalone host's <see cref="HttpStorageGuard"/> on each HTTP function's endpoint.</summary>
public sealed class StorageUnavailableFilter(HttpStorageGuard guard) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await guard.RunAsync(context.HttpContext, async () => await next(context));
}
