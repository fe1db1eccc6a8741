using LifecycleFunctions.App.Operations;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.Engine.Operations;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>
/// Events stored before capture checked stored keys (a userId of 200 '/' escapes to 600 characters, past the
/// 512 a key may hold) used to stop every recompute with "storage answered 400". The run now leaves such an
/// event out, records it in failedevents with the reason, classifies everyone else, and status raises it.
/// </summary>
public sealed class UnfileableEventTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly AzuriteFixture _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Recompute_WithStoredEventWhosePersonCannotBeStored_RecordsItAndClassifiesEveryoneElse()
    {
        await using var app = await TestApp.StartAsync(_storage.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        var hostile = Event("m-hostile", userId: new string('/', 200));
        var hostileChannel = Event("m-utm", userId: "visitor-utm") with { UtmSource = new string('s', 600) };
        await StoreBypassingCaptureAsync(app, [Event("m-1", "customer-1"), hostile, Event("m-2", "customer-2"), hostileChannel]);

        var result = await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 23));

        Assert.Equal(2, result.People);
        var members = await StoredEvents.WhereAsync(app.Storage, StorageNames.StageMembersTable, "PartitionKey eq 'Acquisition'");
        Assert.Equal(["u:customer-1", "u:customer-2"], members.Select(m => m.RowKey).Order(StringComparer.Ordinal));
        var failed = await app.Services.GetRequiredService<FailedEventStore>().ListAsync(StorageNames.UnfileableEvents, CancellationToken.None);
        Assert.Equal(2, failed.Count);
        var person = Assert.Single(failed, f => f.MessageId == "m-hostile");
        Assert.StartsWith("Left out of the recompute: the person 'u:////", person.Reason, StringComparison.Ordinal);
        Assert.Contains("UserId makes the person's stage-history key 613 characters long once stored", person.Reason, StringComparison.Ordinal);
        Assert.Equal(hostile.Payload, person.RawBody);
        Assert.Contains(failed, f => f.MessageId == "m-utm" && f.Reason.Contains("Channel makes the channel's funnel key", StringComparison.Ordinal));

        var status = await app.Services.GetRequiredService<PipelineStatusService>().ReadAsync(CancellationToken.None);
        Assert.Contains(status.Concerns, c => c.Check == PipelineHealth.UnfileableEvents && c.Detail.StartsWith("2 stored event(s) left out", StringComparison.Ordinal));
    }

    /// <summary>
    /// Two orders of 5e28 each, stored before capture bounded amounts, used to stop every recompute: their sum overflows
    /// a decimal in the person's revenue (and the cohort's). The run now leaves such an order out, as any unfileable event.
    /// </summary>
    [Fact]
    public async Task Recompute_WithStoredOrdersWhoseSumOverflowsAnAmount_RecordsThemAndClassifiesEveryoneElse()
    {
        await using var app = await TestApp.StartAsync(_storage.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        await StoreBypassingCaptureAsync(app,
        [
            Order("o-huge-1", "whale", 50_000_000_000_000_000_000_000_000_000m),
            Order("o-huge-2", "whale", 50_000_000_000_000_000_000_000_000_000m),
            Order("o-fine", "customer-3", 42.5m),
        ]);

        var result = await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 23));

        Assert.Equal(1, result.People);
        var failed = await app.Services.GetRequiredService<FailedEventStore>().ListAsync(StorageNames.UnfileableEvents, CancellationToken.None);
        Assert.Equal(["order_completed:o-huge-1", "order_completed:o-huge-2"], failed.Select(f => f.MessageId).Order(StringComparer.Ordinal));
        Assert.All(failed, f => Assert.Contains("Amount 50000000000000000000000000000 is beyond the ±1000000000000000 an amount may be", f.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recompute_RerunOverTheSameUnfileableEvent_KeepsOneRecordOfIt()
    {
        await using var app = await TestApp.StartAsync(_storage.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        var hostile = Event("m-again", anonymousId: new string('#', 200));
        await StoreBypassingCaptureAsync(app, [hostile]);

        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 23), onDemand: true);
        await LifecycleDriver.RecomputeAsync(app, new DateOnly(2026, 11, 23), onDemand: true);

        var failed = await app.Services.GetRequiredService<FailedEventStore>().ListAsync(StorageNames.UnfileableEvents, CancellationToken.None);
        Assert.Single(failed, f => f.MessageId == "m-again");
    }

    private static CapturedEvent Event(string messageId, string? userId = null, string? anonymousId = null) => new()
    {
        MessageId = messageId,
        Type = EventTypes.Identify,
        Source = EventSources.Website,
        UserId = userId,
        AnonymousId = anonymousId,
        Timestamp = At,
        ReceivedAt = At,
        Payload = $$"""{"type":"identify","messageId":"{{messageId}}"}""",
    };

    private static CapturedEvent Order(string orderId, string userId, decimal amount) => new()
    {
        MessageId = orderId,
        Type = EventTypes.OrderCompleted,
        Source = EventSources.Orders,
        UserId = userId,
        OrderId = orderId,
        Amount = amount,
        Currency = "USD",
        Timestamp = At,
        ReceivedAt = At,
        Payload = $$"""{"type":"order_completed","orderId":"{{orderId}}"}""",
    };

    /// <summary>As an older version stored them: straight into the events table, past today's capture rules.</summary>
    private static async Task StoreBypassingCaptureAsync(TestApp app, IEnumerable<CapturedEvent> events)
    {
        var table = app.Storage.Table(StorageNames.EventsTable);
        foreach (var e in events)
        {
            await table.AddEntityAsync(EventEntityMapper.ToEntity(e, app.Time.GetUtcNow()));
        }
    }
}
