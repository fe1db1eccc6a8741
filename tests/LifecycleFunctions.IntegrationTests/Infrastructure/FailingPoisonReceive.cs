using Azure.Core;
using Azure.Core.Pipeline;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Lets a given number of receives from poison queues through and refuses the ones after, as storage failing
/// while a replay reads its poison messages would. Peeks and every other request go through.
/// </summary>
public sealed class FailingPoisonReceive(int receivesBeforeFailure) : HttpPipelineSynchronousPolicy
{
    private int _receivesLeft = receivesBeforeFailure;

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var isPoisonReceive = request.Method == RequestMethod.Get
            && request.Uri.Path.EndsWith("-poison/messages", StringComparison.Ordinal)
            && !request.Uri.Query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase);
        if (isPoisonReceive && Interlocked.Decrement(ref _receivesLeft) < 0)
        {
            throw new StorageOutageException($"Storage is gone (simulated): {request.Method} {request.Uri.Path}");
        }
    }
}
