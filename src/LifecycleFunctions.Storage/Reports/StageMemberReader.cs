using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Storage.Lifecycle;

namespace LifecycleFunctions.Storage.Reports;

/// <summary>Streams one stage's members from its stagemembers partition, page by page, never the whole list at once.</summary>
public sealed class StageMemberReader(StorageClients clients) : IStageMemberReader
{
    public async IAsyncEnumerable<StageMember> ReadAsync(LifecycleStage stage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = StageMemberEntity.Partition(stage);
        var table = clients.Table(StorageNames.StageMembersTable);
        var rows = table.QueryAsync<TableEntity>(
            x => x.PartitionKey == partition, maxPerPage: 1000, select: StageMemberEntity.Columns, cancellationToken: cancellationToken);
        await foreach (var e in rows)
        {
            yield return StageMemberEntity.FromEntity(e, stage);
        }
    }
}
