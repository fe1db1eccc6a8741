using Azure;
using LifecycleFunctions.App.Hosting;

namespace LifecycleFunctions.IntegrationTests.Hosting;

public class TransientStorageErrorTests
{
    public static TheoryData<Exception, bool> Cases() => new()
    {
        { new RequestFailedException(503, "busy"), true },
        { new HttpRequestException("connection refused"), true },
        { new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely"), true },
        { new AggregateException("Retry failed after 4 tries.", new RequestFailedException("refused"), new HttpRequestException("refused")), true },
        { new AggregateException(new RequestFailedException("refused"), new InvalidOperationException("a bug")), false },
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
