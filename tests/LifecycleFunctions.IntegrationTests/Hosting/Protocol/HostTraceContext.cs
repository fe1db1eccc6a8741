using System.Diagnostics;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace LifecycleFunctions.IntegrationTests.Hosting.Protocol;

/// <summary>
/// The host sends every invocation its activity's W3C trace context; the worker reads it unconditionally (an
/// invocation without one fails in <c>GrpcFunctionInvocation</c>'s constructor).
/// </summary>
public static class HostTraceContext
{
    public static RpcTraceContext New() =>
        new() { TraceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01", TraceState = string.Empty };
}
