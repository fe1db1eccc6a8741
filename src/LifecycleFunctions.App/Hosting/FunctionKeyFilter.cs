using System.Security.Cryptography;
using System.Text;
using LifecycleFunctions.App.Collection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.App.Hosting;

/// <summary>Checks the function key the way the Functions host does: the x-functions-key header or the code query parameter.</summary>
public sealed class FunctionKeyFilter(IOptionsMonitor<FunctionKeyOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        var configured = options.CurrentValue.FunctionKey;
        if (string.IsNullOrEmpty(configured))
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "function-key", "No function key configured",
                "This endpoint needs a function key, and none is configured: set Reports:FunctionKey.");
        }

        if (string.IsNullOrEmpty(presented))
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "function-key", "Function key required",
                "Send the function key in the x-functions-key header or the code query parameter.");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(configured)))
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "function-key", "Function key not accepted", "The function key is not valid here.");
        }

        return await next(context);
    }
}
