using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using LifecycleFunctions.App.Functions;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Failures;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>
/// Each kind of function called as a plain method, the way the worker's executor calls it: an HTTP function with an
/// ASP.NET Core request, a queue function with the SDK's QueueMessage. Nothing of either host in between.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class DirectFunctionCallTests(CaptureAppFixture fixture)
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task CollectSegmentEvents_CalledWithAnHttpRequest_AnswersSuccessAndStoresTheEvent()
    {
        var messageId = SegmentClient.NewId("direct");
        var context = new DefaultHttpContext { RequestServices = App.Services };
        var body = JsonSerializer.SerializeToUtf8Bytes(new { type = "track", @event = "Signed Up", userId = "direct-user", messageId });
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(TestApp.WriteKey + ":"));
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Response.Body = new MemoryStream();

        var result = await ActivatorUtilities.CreateInstance<CollectSegmentEvents>(App.Services).RunAsync(context.Request, "track");
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Contains("\"success\":true", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()), StringComparison.Ordinal);
        var stored = Assert.Single(await StoredEvents.WaitForAsync(App.Storage, StoredEvents.ByMessageId(messageId)));
        Assert.Equal("Signed Up", stored.GetString("EventName"));
    }

    [Fact]
    public async Task CapturePurchaseEvent_CalledWithAQueueMessage_StoresTheOrder()
    {
        var orderId = SegmentClient.NewId("direct-order");
        var body = JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "direct-buyer", amount = "12.34", currency = "EUR" });
        var message = QueuesModelFactory.QueueMessage("direct-1", "receipt", new BinaryData(body), 1, insertedOn: TestApp.Now);

        await ActivatorUtilities.CreateInstance<CapturePurchaseEvent>(App.Services).RunAsync(message, CancellationToken.None);

        var stored = Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.EventsTable, Azure.Data.Tables.TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Equal("12.34", stored.GetString("Amount"));
    }

    [Fact]
    public async Task CaptureAdEvent_CalledWithAMessageThatIsNotUtf8_RecordsItsBytesAsFailed()
    {
        // What a base64 message decodes to when its sender wrote Latin-1: the function refuses it rather than store U+FFFD.
        var bytes = Encoding.Latin1.GetBytes("{\"type\":\"click\",\"channel\":\"caf\u00e9\",\"campaign\":\"x\"}");
        var id = SegmentClient.NewId("latin1");
        var message = QueuesModelFactory.QueueMessage(id, "receipt", new BinaryData(bytes), 1, insertedOn: TestApp.Now);

        await ActivatorUtilities.CreateInstance<CaptureAdEvent>(App.Services).RunAsync(message, CancellationToken.None);

        var failed = await FailedEvents.WaitForAsync(App.Services.GetRequiredService<FailedEventStore>(), StorageNames.AdEventsQueue, id);
        Assert.NotNull(failed);
        Assert.Equal(bytes, failed.RawBytes);
        Assert.Contains("utf-8", failed.Reason, StringComparison.Ordinal);
    }
}
