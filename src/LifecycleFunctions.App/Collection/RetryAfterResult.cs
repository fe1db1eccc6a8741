using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Collection;

/// <summary>A response with a Retry-After header: clients (analytics.js among them) read the header, not the body.</summary>
public sealed class RetryAfterResult(IResult inner, int seconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
