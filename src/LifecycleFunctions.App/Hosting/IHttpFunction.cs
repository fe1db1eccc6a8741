using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Hosting;

/// <summary>An HTTP-triggered function; its class name is its function name (the folder of its function.json).</summary>
public interface IHttpFunction
{
    Task<IResult> RunAsync(HttpContext context);
}
