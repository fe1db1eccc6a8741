using System.Net.Sockets;
using Azure;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>The outage log on its own, with a recording logger and a fake clock: no storage involved.</summary>
public sealed class StorageOutageLogTests : IDisposable
{
    private readonly RecordingLogger _log = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _log.Dispose();

    [Fact]
    public void Failed_ManyTimesInOneOutage_WarnsOnceWithTheStatusAndNoStack()
    {
        var outage = new StorageOutageLog(_log, _time, "Queue purchase-events");

        for (var i = 0; i < 10; i++)
        {
            outage.Failed(SdkGaveUp(), "receiving messages");
        }

        var warning = Assert.Single(_log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Null(warning.Exception);
        Assert.Equal("Queue purchase-events: storage unreachable (status 503 ServerBusy: The server is busy.); retrying, further failures at Debug until it answers", warning.Message);
        Assert.Equal(10, _log.Entries.Count(e => e.Level == LogLevel.Debug && e.Exception is AggregateException));
        Assert.True(outage.InOutage);
    }

    [Fact]
    public void Succeeded_AfterAnOutage_SaysOnceHowLongStorageWasGone()
    {
        var outage = new StorageOutageLog(_log, _time, "Timer RecomputeLifecycle");
        outage.Failed(SdkGaveUp(), "reading the schedule status");
        _time.Advance(TimeSpan.FromSeconds(42));
        outage.Failed(SdkGaveUp(), "reading the schedule status");

        outage.Succeeded();
        outage.Succeeded();

        var recovered = Assert.Single(_log.Entries, e => e.Level == LogLevel.Information);
        Assert.Equal("Timer RecomputeLifecycle: storage reachable again after 00:00:42 (2 failed calls)", recovered.Message);
        Assert.False(outage.InOutage);
    }

    [Fact]
    public void Failed_AfterStorageRecovered_WarnsAgainForTheNextOutage()
    {
        var outage = new StorageOutageLog(_log, _time, "Queue ad-events");

        outage.Failed(SdkGaveUp(), "receiving messages");
        outage.Succeeded();
        outage.Failed(SdkGaveUp(), "receiving messages");

        Assert.Equal(2, _log.Entries.Count(e => e.Level == LogLevel.Warning));
    }

    [Fact]
    public void Succeeded_WithoutAnOutage_LogsNothing()
    {
        new StorageOutageLog(_log, _time, "Queue ad-events").Succeeded();

        Assert.Empty(_log.Entries);
    }

    [Fact]
    public void Reason_WithARefusedConnectionAfterTheSdksRetries_NamesTheSocketError()
    {
        var refused = new AggregateException(
            "Retry failed after 6 tries. Retry settings can be adjusted in ClientOptions.Retry or by configuring a custom retry policy in ClientOptions.RetryPolicy.",
            Enumerable.Range(0, 6).Select(_ => new RequestFailedException("Connection refused (127.0.0.1:10001)", new HttpRequestException("Connection refused (127.0.0.1:10001)", new SocketException((int)SocketError.ConnectionRefused)))));

        var reason = StorageOutageLog.Reason(refused);

        Assert.Equal("SocketException: Connection refused", reason);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    public void IsOutage_WithAReplyStatus_TellsUnreachableFromARefusedRequest(int status, bool outage)
    {
        Assert.Equal(outage, StorageOutageLog.IsOutage(new AggregateException(new RequestFailedException(status, "reply"))));
    }

    /// <summary>
    /// A socket the peer reset surfaces raw (ENOTCONN) as one of the SDK's tries, and a try that outran its
    /// network timeout as a cancellation: the storage outage suite met both, each logged as a message's own
    /// failure, with its stack, at every message in flight.
    /// </summary>
    [Fact]
    public void IsOutage_WithARawSocketErrorOrATimedOutTryAmongTheSdksTries_IsAnOutage()
    {
        var reset = new RequestFailedException("Connection reset by peer", new HttpRequestException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));
        var notConnected = new SocketException((int)SocketError.NotConnected);

        Assert.True(StorageOutageLog.IsOutage(notConnected));
        Assert.True(StorageOutageLog.IsOutage(new AggregateException(reset, reset, notConnected)));
        Assert.True(StorageOutageLog.IsOutage(new AggregateException(new TaskCanceledException(), reset)));
        Assert.False(StorageOutageLog.IsOutage(new TaskCanceledException()));
    }

    /// <summary>What the SDK throws once its retries are spent: each try's reply, headers and all, in its message.</summary>
    private static AggregateException SdkGaveUp()
    {
        var headers = string.Join(Environment.NewLine, Enumerable.Range(0, 200).Select(i => $"x-ms-header-{i}: {new string('v', 60)}"));
        var busy = new RequestFailedException(503, $"The server is busy.{Environment.NewLine}RequestId:abc{Environment.NewLine}Status: 503 (The server is busy.){Environment.NewLine}ErrorCode: ServerBusy{Environment.NewLine}Headers:{Environment.NewLine}{headers}", "ServerBusy", null);
        return new AggregateException("Retry failed after 6 tries.", Enumerable.Range(0, 6).Select(_ => busy));
    }
}
