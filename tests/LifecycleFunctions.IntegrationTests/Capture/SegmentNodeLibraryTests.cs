using Azure.Data.Tables;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>
/// Segment's own analytics-node library, unchanged but for its host, sending every call type to the app over
/// real HTTP (Kestrel on a free port), and each stored as Segment means it.
/// </summary>
public sealed class SegmentNodeLibraryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string WriteKey = "sdk-write-key";

    private const string Script = """
        import { Analytics } from '@segment/analytics-node'
        const analytics = new Analytics({ writeKey: process.env.WRITE_KEY, host: process.env.HOST, flushAt: 20, maxRetries: 0 })
        analytics.on('error', (e) => { console.error('error', e?.code, e?.reason?.message ?? e?.message); process.exitCode = 1 })
        const run = process.env.RUN
        analytics.page({ anonymousId: `anon-${run}`, name: 'Home', properties: { url: 'https://shop.example/?utm_source=google' } })
        analytics.identify({ anonymousId: `anon-${run}`, userId: `user-${run}`, traits: { email: 'ada@example.com' } })
        analytics.track({ userId: `user-${run}`, event: 'Order Completed', properties: { order_id: `order-${run}`, total: 42.5, currency: 'USD' } })
        analytics.alias({ previousId: `anon-${run}`, userId: `user-${run}` })
        analytics.group({ userId: `user-${run}`, groupId: 'team-1' })
        analytics.screen({ userId: `user-${run}`, name: 'Cart' })
        await analytics.closeAndFlush()
        """;

    [Fact]
    public async Task AnalyticsNode_WithEveryCallType_IsAcceptedAndEachCallStored()
    {
        await using var app = LifecycleHost.Build(["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Collect:WriteKeys:0={WriteKey}", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var host = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var run = SegmentClient.NewId("sdk");

        var (exit, output) = await SegmentNodeLibrary.RunAsync(Script, new Dictionary<string, string> { ["HOST"] = host, ["WRITE_KEY"] = WriteKey, ["RUN"] = run });

        Assert.True(exit == 0, output);
        var storage = new StorageClients(azurite.ConnectionString);
        var stored = await StoredEvents.WaitForAsync(storage, TableClient.CreateQueryFilter($"UserId eq {"user-" + run} or AnonymousId eq {"anon-" + run}"), expected: 6);
        Assert.Equal(["alias", "group", "identify", "order_completed", "page", "screen"], stored.Select(e => e.GetString("Type")).Order(StringComparer.Ordinal));
        var order = Assert.Single(stored, e => e.GetString("Type") == "order_completed");
        Assert.Equal(("order-" + run, "42.5", "USD"), (order.GetString("OrderId"), order.GetString("Amount"), order.GetString("Currency")));
        Assert.Equal("anon-" + run, Assert.Single(stored, e => e.GetString("Type") == "alias").GetString("PreviousId"));
        Assert.Equal("anon-" + run, Assert.Single(stored, e => e.GetString("Type") == "identify").GetString("AnonymousId"));
        Assert.Empty(await StoredEvents.WhereAsync(storage, StorageNames.FailedEventsTable, TableClient.CreateQueryFilter($"PartitionKey eq 'v1-batch'")));
    }
}
