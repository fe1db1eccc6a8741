using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// The <c>InvocationRequest</c> the host sends for an HTTP-triggered function when it proxies HTTP to the worker:
/// the request itself travels over HTTP to the worker's HttpUri, so the trigger parameter carries only its method,
/// URL and route values, and the trigger metadata the route values (the worker's <c>RpcHttpTriggerMetadataRemoved</c>
/// capability keeps the host from repeating the request there).
/// </summary>
public static class HttpTriggerInvocation
{
    public static InvocationRequest Create(RpcFunctionMetadata function, HttpMethod method, Uri url, IReadOnlyDictionary<string, string> routeValues)
    {
        var trigger = RawBinding.Trigger(function);
        if (!string.Equals(trigger.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Function {function.Name} has a {trigger.Type}, not an httpTrigger.", nameof(function));
        }

        var http = new RpcHttp { Method = method.Method, Url = url.ToString() };
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(), FunctionId = function.FunctionId, TraceContext = HostTraceContext.New(),
        };
        foreach (var (name, value) in routeValues)
        {
            http.Params[name] = value;
            request.TriggerMetadata[name] = new TypedData { String = value };
        }

        request.InputData.Add(new ParameterBinding { Name = trigger.Name, Data = new TypedData { Http = http } });

        request.TriggerMetadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(new Dictionary<string, string>()) };
        return request;
    }
}
