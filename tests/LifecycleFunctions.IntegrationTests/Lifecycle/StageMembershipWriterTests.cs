using Azure.Data.Tables;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>
/// A stage partition's leavers and joiners go in one transaction; a rerun after a crash finds some leavers'
/// rows gone already, and that must not cost the joiners their rows.
/// </summary>
public sealed class StageMembershipWriterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateOnly Day = new(2026, 11, 30);

    private readonly StorageClients _storage = new(azurite.ConnectionString);

    [Fact]
    public async Task WriteAsync_WithALeaverWhoseRowIsGoneInTheSamePartitionAsJoiners_WritesTheJoinersAndRemovesTheOtherLeavers()
    {
        var writer = await WriterAsync();
        var members = _storage.Table(StorageNames.StageMembersTable);
        await members.UpsertEntityAsync(StageMemberEntity.ToEntity(Member("u:stays-gone", LifecycleStage.Retention)));

        // "u:already-moved" left Retention in the crashed attempt (no row); "u:stays-gone" still has its row there.
        await writer.WriteAsync(
        [
            Change("u:already-moved", LifecycleStage.Loyalty, LifecycleStage.Retention),
            Change("u:stays-gone", LifecycleStage.Lapsed, LifecycleStage.Retention),
            Change("u:joins", LifecycleStage.Retention, LifecycleStage.Conversion),
        ], CancellationToken.None);

        Assert.Equal(["u:joins"], await PeopleAsync(members, "Retention"));
        Assert.Equal(["u:already-moved"], await PeopleAsync(members, "Loyalty"));
        Assert.Equal(["u:stays-gone"], await PeopleAsync(members, "Lapsed"));
    }

    private async Task<StageMembershipWriter> WriterAsync()
    {
        foreach (var table in new[] { StorageNames.StageMembersTable, StorageNames.StageHistoryTable })
        {
            await _storage.Table(table).CreateIfNotExistsAsync();
        }

        await _storage.Queue(StorageNames.StageChangesQueue).CreateIfNotExistsAsync();
        return new StageMembershipWriter(_storage);
    }

    private static async Task<List<string>> PeopleAsync(TableClient table, string partition)
    {
        var people = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["PersonKey"]))
        {
            people.Add(row.GetString("PersonKey"));
        }

        people.Sort(StringComparer.Ordinal);
        return people;
    }

    private static StageMember Member(string key, LifecycleStage stage) => new(key, stage, Day, "direct", 2, 20m, Day, null);

    private static MembershipChange Change(string key, LifecycleStage to, LifecycleStage from)
    {
        var spell = new StageSpell(to, Day, null, from, false);
        return new MembershipChange(key, Member(key, to), from, [spell], [], false, [spell], null);
    }
}
