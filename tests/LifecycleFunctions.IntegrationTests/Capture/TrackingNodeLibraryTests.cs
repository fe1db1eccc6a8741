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
/// Segment's and RudderStack's own Node.js libraries, unchanged but for their host, sending to the app over real
/// HTTP (Kestrel on a free port), and each call stored as the library meant it.
/// </summary>
public sealed class TrackingNodeLibraryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string WriteKey = "sdk-write-key";

    private const string SegmentScript = """
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

    // Gzipped JSON labelled application/x-www-form-urlencoded, as this library sends it.
    private const string RudderStackScript = """
        import Analytics from '@rudderstack/rudder-sdk-node'
        const client = new Analytics(process.env.WRITE_KEY, { dataPlaneUrl: process.env.HOST, flushAt: 20, maxRetries: 0 })
        const run = process.env.RUN
        client.page({ anonymousId: `anon-${run}`, name: 'Home' })
        client.identify({ anonymousId: `anon-${run}`, userId: `user-${run}`, traits: { email: 'ada@example.com' } })
        client.track({ userId: `user-${run}`, event: 'Order Completed', properties: { order_id: `order-${run}`, total: 42.5, currency: 'USD' } })
        client.alias({ previousId: `anon-${run}`, userId: `user-${run}` })
        await client.flush()
        """;

    private WebApplication? _app;

    private string Host => _app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    private StorageClients Storage => new(azurite.ConnectionString);

    public async Task InitializeAsync()
    {
        _app = LifecycleHost.Build(["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString={azurite.ConnectionString}", $"--Collect:WriteKeys:0={WriteKey}", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnalyticsNode_WithEveryCallType_IsAcceptedAndEachCallStored()
    {
        var run = SegmentClient.NewId("segment");

        var stored = await SendAsync(SegmentScript, run, expected: 6);

        Assert.Equal(["alias", "group", "identify", "order_completed", "page", "screen"], stored.Select(e => e.GetString("Type")).Order(StringComparer.Ordinal));
        AssertOrderAliasAndIdentify(stored, run);
    }

    [Fact]
    public async Task RudderSdkNode_WithItsGzippedFormLabelledBatches_IsAcceptedAndEachCallStored()
    {
        var run = SegmentClient.NewId("rudder");

        var stored = await SendAsync(RudderStackScript, run, expected: 4);

        Assert.Equal(["alias", "identify", "order_completed", "page"], stored.Select(e => e.GetString("Type")).Order(StringComparer.Ordinal));
        AssertOrderAliasAndIdentify(stored, run);
    }

    private async Task<List<TableEntity>> SendAsync(string script, string run, int expected)
    {
        var (exit, output) = await TrackingNodeLibraries.RunAsync(script, new Dictionary<string, string> { ["HOST"] = Host, ["WRITE_KEY"] = WriteKey, ["RUN"] = run });

        Assert.True(exit == 0, output);
        var stored = await StoredEvents.WaitForAsync(Storage, TableClient.CreateQueryFilter($"UserId eq {"user-" + run} or AnonymousId eq {"anon-" + run}"), expected);
        Assert.DoesNotContain(await StoredEvents.WhereAsync(Storage, StorageNames.FailedEventsTable, TableClient.CreateQueryFilter($"PartitionKey eq 'v1-batch'")), r => r.GetString("RawBody")?.Contains(run, StringComparison.Ordinal) == true);
        return stored;
    }

    private static void AssertOrderAliasAndIdentify(List<TableEntity> stored, string run)
    {
        var order = Assert.Single(stored, e => e.GetString("Type") == "order_completed");
        Assert.Equal(("order-" + run, "42.5", "USD"), (order.GetString("OrderId"), order.GetString("Amount"), order.GetString("Currency")));
        Assert.Equal("anon-" + run, Assert.Single(stored, e => e.GetString("Type") == "alias").GetString("PreviousId"));
        Assert.Equal("anon-" + run, Assert.Single(stored, e => e.GetString("Type") == "identify").GetString("AnonymousId"));
    }
}
