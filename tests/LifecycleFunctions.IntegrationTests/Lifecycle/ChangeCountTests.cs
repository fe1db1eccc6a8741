using System.Globalization;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>
/// A person whose anonymous history is linked in the same run changes in two classify rounds of their shard;
/// the run's "changed" figure must still count them once.
/// </summary>
public sealed class ChangeCountTests : IAsyncLifetime
{
    private readonly AzuriteFixture _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Recompute_WithPersonChangedInTwoClassifyRounds_CountsThemOnce()
    {
        await using var app = await TestApp.StartAsync(_storage.ConnectionString, settings: new Dictionary<string, string?> { ["Recompute:WatermarkLagSeconds"] = "0" });
        var (anonymousId, userId) = IdsInDifferentShards();
        var visitorShard = IdentityKey.Shard("a:" + anonymousId, EventPartitioning.ShardCount);
        var personShard = IdentityKey.Shard("u:" + userId, EventPartitioning.ShardCount);
        var batch = new object[]
        {
            new { type = "page", anonymousId, timestamp = "2026-11-20T09:00:00Z", context = new { campaign = new { source = "newsletter", medium = "email", name = "november" } } },
            new { type = "identify", anonymousId, userId, timestamp = "2026-11-21T10:00:00Z", traits = new { email = "twice@example.com" } },
        };
        using (var response = await app.Http.PostAsync("/v1/batch", new { batch }))
        {
            response.EnsureSuccessStatusCode();
        }

        await Waiting.ForQueuesToDrainAsync(app.Storage, TimeSpan.FromMinutes(1), StorageNames.WebsiteEventsQueue);

        // The visitor's shard folds before the identify is seen, and the person's shard classifies first: the
        // visit is forwarded to an already classified person, whose shard is classified a second time.
        var dispatcher = new OrderedDispatcher(app.Services.GetRequiredService<RecomputeShardWork>(), fold: visitorShard, classify: personShard);
        var result = await app.Services.GetRequiredService<LifecycleRecompute>().RunAsync(new DateOnly(2026, 11, 23), dispatcher, null, CancellationToken.None);

        Assert.Contains(dispatcher.Worked, item => item.Phase == RecomputePhase.Classify && item.Round == 2 && item.Shard == personShard);
        var member = await app.Storage.Table(StorageNames.StageMembersTable).GetEntityAsync<Azure.Data.Tables.TableEntity>("Acquisition", "u:" + userId);
        Assert.Equal("newsletter", member.Value.GetString("FirstTouchChannel"));
        Assert.Equal(1, result.People);
        Assert.Equal(1, result.Changed);
    }

    private static (string AnonymousId, string UserId) IdsInDifferentShards()
    {
        for (var i = 0; ; i++)
        {
            var anonymousId = string.Create(CultureInfo.InvariantCulture, $"visitor-{i}");
            var userId = string.Create(CultureInfo.InvariantCulture, $"customer-{i}");
            if (IdentityKey.Shard("a:" + anonymousId, EventPartitioning.ShardCount) != IdentityKey.Shard("u:" + userId, EventPartitioning.ShardCount))
            {
                return (anonymousId, userId);
            }
        }
    }

    /// <summary>Works the items one at a time, the given shard of each phase first, and remembers what it worked.</summary>
    private sealed class OrderedDispatcher(RecomputeShardWork work, int fold, int classify) : IShardDispatcher
    {
        public List<RecomputeWorkItem> Worked { get; } = [];

        public async Task RunAsync(IReadOnlyList<RecomputeWorkItem> items, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
        {
            var first = items[0].Phase == RecomputePhase.Fold ? fold : classify;
            foreach (var item in items.OrderBy(i => i.Shard == first ? 0 : 1).ThenBy(i => i.Shard))
            {
                await work.RunAsync(item, cancellationToken);
                Worked.Add(item);
            }
        }
    }
}
