using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace LifecycleFunctions.IntegrationTests.Hosting;

/// <summary>`AzureWebJobs.&lt;Name&gt;.Disabled`, as on Azure, in standalone mode; an Azurite of its own, as disabled functions leave messages behind.</summary>
public sealed class DisabledFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task App_WithAQueueAndTheTimerFunctionDisabled_LeavesTheirWorkAloneAndRunsTheRest()
    {
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["AzureWebJobs.CapturePurchaseEvent.Disabled"] = "true",
            ["AzureWebJobs.RecomputeLifecycle.Disabled"] = "1",
        });
        var orderId = SegmentClient.NewId("disabled");
        var anonymousId = SegmentClient.NewId("anon");

        await app.Storage.Queue(StorageNames.PurchaseEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId, userId = "u", amount = 9 }));
        await app.Storage.Queue(StorageNames.AdEventsQueue).SendMessageAsync(JsonSerializer.Serialize(new { type = "click", channel = "google-ads", campaign = "spring", clickId = SegmentClient.NewId("gclid"), anonymousId }));

        // The ad function still runs: by the time its event lands, the disabled ones had their chance too.
        Assert.Single(await StoredEvents.WaitForAsync(app.Storage, StoredEvents.ByPerson("a:" + anonymousId)));
        await Task.Delay(500);
        Assert.Empty(await StoredEvents.WhereAsync(app.Storage, StorageNames.EventsTable, TableClient.CreateQueryFilter($"OrderId eq {orderId}")));
        Assert.Single((await app.Storage.Queue(StorageNames.PurchaseEventsQueue).PeekMessagesAsync(5)).Value);
        Assert.False((await app.Storage.Container(StorageNames.LifecycleContainer).GetBlobClient("schedule/RecomputeLifecycle.json").ExistsAsync()).Value, "The disabled timer kept its schedule.");
    }

    [Fact]
    public async Task App_WithAnHttpFunctionDisabledByEnvironmentName_AnswersNotFound()
    {
        // AzureWebJobs__CollectSegmentEvents__Disabled in the environment.
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string?> { ["AzureWebJobs:CollectSegmentEvents:Disabled"] = "true" });

        using var response = await app.Http.PostAsync("/v1/track", new { userId = "u", @event = "Signed Up" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("AzureWebJobs.F.Disabled", "true", true)]
    [InlineData("AzureWebJobs.F.Disabled", "True", true)]
    [InlineData("AzureWebJobs.F.Disabled", "1", true)]
    [InlineData("AzureWebJobs:F:Disabled", "true", true)]
    [InlineData("AzureWebJobs.F.Disabled", "false", false)]
    [InlineData("AzureWebJobs.F.Disabled", "0", false)]
    [InlineData("AzureWebJobs.G.Disabled", "true", false)]
    public void IsDisabled_WithSetting_ReadsItAsTheFunctionsHostDoes(string key, string value, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Assert.Equal(expected, FunctionSwitch.IsDisabled(configuration, "F"));
    }
}
