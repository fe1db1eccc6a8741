using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;

namespace LifecycleFunctions.Storage.Reports;

/// <summary>Streams one stage's members from its stagemembers partition, page by page, never the whole list at once.</summary>
public sealed class StageMemberReader(StorageClients clients) : IStageMemberReader
{
    private static readonly string[] Columns = ["PersonKey", "Entered", "FirstTouchChannel", "Orders", "Revenue", "LastOrder", "Email"];

    public async IAsyncEnumerable<StageMember> ReadAsync(LifecycleStage stage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = stage.ToString();
        await foreach (var e in clients.Table(StorageNames.StageMembersTable).QueryAsync<TableEntity>(x => x.PartitionKey == partition, maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken))
        {
            yield return new StageMember(
                e.GetString("PersonKey"),
                stage,
                Day(e.GetDateTimeOffset("Entered"))!.Value,
                e.GetString("FirstTouchChannel") ?? string.Empty,
                e.GetInt32("Orders") ?? 0,
                e.GetString("Revenue") is { } revenue ? decimal.Parse(revenue, NumberStyles.Number, CultureInfo.InvariantCulture) : 0m,
                Day(e.GetDateTimeOffset("LastOrder")),
                e.GetString("Email"));
        }
    }

    private static DateOnly? Day(DateTimeOffset? value) => value is { } v ? DateOnly.FromDateTime(v.UtcDateTime) : null;
}
