using System.Net.Sockets;
using Azure;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Hosting;

public class TransientStorageErrorTests
{
    public static TheoryData<Exception, bool> Cases() => new()
    {
        { new RequestFailedException(503, "busy"), true },
        { new HttpRequestException("connection refused"), true },
        { new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely"), true },
        { new AggregateException("Retry failed after 4 tries.", new RequestFailedException("refused"), new HttpRequestException("refused")), true },
        // Seen with a storage that resets connections: the last try's socket error is not wrapped by the SDK.
        { new AggregateException("Retry failed after 4 tries.", new RequestFailedException("refused"), new SocketException((int)SocketError.NotConnected)), true },
        // Every try outran the SDK's network timeout: storage not answering.
        { new AggregateException("Retry failed after 4 tries.", new TaskCanceledException("exceeded the configured timeout of 00:01:40")), true },
        { new AggregateException(new RequestFailedException("refused"), new InvalidOperationException("a bug")), false },
        { new OperationCanceledException(), false },
        { new InvalidOperationException("a bug"), false },
        { new AggregateException(), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_WithException_TellsStorageTroubleFromBugs(Exception exception, bool transient)
    {
        Assert.Equal(transient, TransientStorageError.Is(exception));
    }
}
