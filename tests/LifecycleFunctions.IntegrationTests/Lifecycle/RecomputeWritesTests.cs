using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>A recompute writes only what changed: rows that would be rewritten with the same content are left alone.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class RecomputeWritesTests(LifecycleAppFixture fixture)
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task Recompute_RerunWithNothingNew_LeavesPersonMemberAndHistoryRowsUntouched()
    {
        var person = "u:" + await SendOrdersAsync("steady", "2026-07-01T12:00:00Z", "2026-07-20T12:00:00Z");
        await RecomputeAsync(new DateOnly(2026, 8, 1));
        var before = await RowVersionsAsync(person);

        await RecomputeAsync(new DateOnly(2026, 8, 1));

        Assert.Equal(before, await RowVersionsAsync(person));
        Assert.Equal(4, before.Count);
    }

    [Fact]
    public async Task Recompute_WithNewOrderInTheSameStage_RewritesMemberButNotItsHistory()
    {
        var userId = await SendOrdersAsync("repeat", "2026-07-01T12:00:00Z", "2026-07-20T12:00:00Z");
        var person = "u:" + userId;
        await RecomputeAsync(new DateOnly(2026, 8, 1));
        var historyBefore = await VersionsAsync(StorageNames.StageHistoryTable, person);
        var memberBefore = await VersionsAsync(StorageNames.StageMembersTable, person);

        await SendOrdersAsync(userId, "2026-08-01T09:00:00Z");
        await RecomputeAsync(new DateOnly(2026, 8, 1));

        Assert.Equal(historyBefore, await VersionsAsync(StorageNames.StageHistoryTable, person));
        Assert.NotEqual(memberBefore, await VersionsAsync(StorageNames.StageMembersTable, person));
        var member = Assert.Single(await StoredEvents.WhereAsync(App.Storage, StorageNames.StageMembersTable, TableClient.CreateQueryFilter($"PersonKey eq {person}")));
        Assert.Equal(3, member.GetInt32("Orders"));
        Assert.Equal("Retention", member.PartitionKey);
    }

    [Fact]
    public async Task Recompute_AfterItsCommit_LeavesNoRowsOrBlobsOfTheRun()
    {
        await SendOrdersAsync("tidy", "2026-07-01T12:00:00Z");

        var run = await RecomputeAsync(new DateOnly(2026, 8, 2));

        var left = new List<string>();
        await foreach (var blob in App.Storage.Container(StorageNames.LifecycleContainer).GetBlobsAsync(new GetBlobsOptions { Prefix = $"runs/{run.RunId}/" }))
        {
            left.Add(blob.Name);
        }

        await foreach (var row in App.Storage.Table(StorageNames.RecomputeStepsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {run.RunId}")))
        {
            left.Add(row.RowKey);
        }

        Assert.Empty(left);
    }

    [Fact]
    public async Task Recompute_WithRowsAndBlobsLeftByAnEarlierCrashedRun_RemovesThem()
    {
        var container = App.Storage.Container(StorageNames.LifecycleContainer);
        var steps = App.Storage.Table(StorageNames.RecomputeStepsTable);
        await container.GetBlobClient("runs/20260101-1/fold-03.json").UploadAsync(BinaryData.FromString("{}"), overwrite: true);
        await container.GetBlobClient("runs/20260101-2/delta-05-03.json.gz").UploadAsync(BinaryData.FromString("{}"), overwrite: true);
        await steps.UpsertEntityAsync(new TableEntity("20260101-2", "delta-05-03") { [RunRowPayload.BlobProperty] = "runs/20260101-2/delta-05-03.json.gz" });
        await steps.UpsertEntityAsync(new TableEntity("20260101-2", "out-fold-03") { ["Bytes"] = 0 });
        await SendOrdersAsync("after-crash", "2026-07-01T12:00:00Z");

        await RecomputeAsync(new DateOnly(2026, 8, 3));

        Assert.False((await container.GetBlobClient("runs/20260101-1/fold-03.json").ExistsAsync()).Value);
        Assert.False((await container.GetBlobClient("runs/20260101-2/delta-05-03.json.gz").ExistsAsync()).Value);
        var left = new List<string>();
        await foreach (var row in steps.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"20260101-2"}")))
        {
            left.Add(row.RowKey);
        }

        Assert.Empty(left);
    }

    private async Task<string> SendOrdersAsync(string userIdOrPrefix, params string[] at)
    {
        var userId = userIdOrPrefix.StartsWith("user-", StringComparison.Ordinal) ? userIdOrPrefix : SegmentClient.NewId("user-" + userIdOrPrefix);
        var queue = App.Storage.Queue(StorageNames.PurchaseEventsQueue);
        foreach (var time in at)
        {
            await queue.SendMessageAsync(new PurchaseMessage
            {
                OrderId = SegmentClient.NewId("order"),
                UserId = userId,
                Amount = 25,
                Timestamp = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
            }.ToJson());
        }

        return userId;
    }

    private async Task<RecomputeRun> RecomputeAsync(DateOnly asOf)
    {
        await Waiting.ForQueuesToDrainAsync(App.Storage, TimeSpan.FromSeconds(60), StorageNames.PurchaseEventsQueue);
        var result = await App.Services.GetRequiredService<LifecycleRecompute>().RunAsync(asOf, App.Services.GetRequiredService<InProcessShardDispatcher>(), null, CancellationToken.None);
        Assert.False(result.Skipped);

        // The test clock stands still; move it on so events stored after a run fall after its watermark.
        App.Time.Advance(TimeSpan.FromMinutes(1));
        return result.Run!;
    }

    private async Task<List<string>> RowVersionsAsync(string person)
    {
        var rows = new List<string>();
        rows.AddRange(await VersionsAsync(StorageNames.PersonStatesTable, person));
        rows.AddRange(await VersionsAsync(StorageNames.StageMembersTable, person));
        rows.AddRange(await VersionsAsync(StorageNames.StageHistoryTable, person));
        return rows;
    }

    /// <summary>Each row of the person with its ETag, which changes on every write, even one of the same content.</summary>
    private async Task<List<string>> VersionsAsync(string table, string person) =>
        (await StoredEvents.WhereAsync(App.Storage, table, TableClient.CreateQueryFilter($"PersonKey eq {person}")))
            .Select(e => $"{table}/{e.PartitionKey}/{e.RowKey}@{e.ETag}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
