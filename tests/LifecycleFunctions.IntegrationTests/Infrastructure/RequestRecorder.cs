using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>Remembers every storage request made through the clients it is given to, as "METHOD path".</summary>
public sealed class RequestRecorder : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public override void OnSendingRequest(HttpMessage message) => _requests.Enqueue($"{message.Request.Method} {message.Request.Uri.Path}");
}
