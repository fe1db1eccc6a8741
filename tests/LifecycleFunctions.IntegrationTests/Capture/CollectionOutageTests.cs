using System.Net;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.IntegrationTests.Capture;

/// <summary>When the queue cannot take the events, the sender is told to retry, in the header its library reads.</summary>
public sealed class CollectionOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Post_WhileStorageRefusesWrites_Returns503WithRetryAfterAndStoresNothing()
    {
        var outage = new StorageOutage();
        await using var app = await TestApp.StartAsync(azurite.ConnectionString, s => s.AddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageOptions>>().Value, outage)));
        outage.Arm(0);

        using var response = await app.Http.SendAsync(SegmentClient.Post("/v1/track", """{"userId":"u-outage","event":"Signed Up"}"""));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("urn:lifecycle-functions:problem:storage-unavailable", (await response.JsonAsync()).GetProperty("type").GetString());
        Assert.True(outage.Tripped);
    }
}
