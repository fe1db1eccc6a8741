using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>Remembers every storage request made through the clients it is given to, as "METHOD path".</summary>
public sealed class RequestRecorder : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message.Request);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message.Request);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(Request request) => _requests.Enqueue($"{request.Method} {request.Uri.Path}");
}
