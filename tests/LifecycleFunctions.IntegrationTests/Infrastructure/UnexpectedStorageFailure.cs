using Azure.Core;
using Azure.Core.Pipeline;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// While armed, makes the requests it matches throw an exception type no storage failure list names, as an SDK
/// upgrade, a garbled reply or a bug in a pipeline policy would: what a polling loop must outlive.
/// </summary>
public sealed class UnexpectedStorageFailure(Func<Request, bool> matches) : HttpPipelineSynchronousPolicy
{
    private volatile bool _armed;
    private int _thrown;

    public int Thrown => Volatile.Read(ref _thrown);

    public void Arm() => _armed = true;

    public void Disarm() => _armed = false;

    public override void OnSendingRequest(HttpMessage message)
    {
        if (_armed && matches(message.Request))
        {
            Interlocked.Increment(ref _thrown);
            throw new InvalidOperationException($"Simulated unexpected failure: {message.Request.Method} {message.Request.Uri.Path}");
        }
    }
}
