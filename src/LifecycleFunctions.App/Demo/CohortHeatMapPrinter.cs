using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using Spectre.Console;

namespace LifecycleFunctions.App.Demo;

/// <summary>Prints a run's monthly retention triangle ("on": share of the cohort ordering in each month) as a heat map.</summary>
public static class CohortHeatMapPrinter
{
    private const int MaxOffsets = 9;

    public static async Task PrintAsync(StorageClients storage, DateOnly asOf, CancellationToken cancellationToken)
    {
        var partition = AnalyticsTables.CohortPartition(asOf, CohortGranularity.Month);
        var cells = new List<TableEntity>();
        await foreach (var e in storage.Table(StorageNames.CohortsTable).QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            cells.Add(e);
        }

        var cohorts = cells.GroupBy(c => c.GetString("Cohort")).OrderBy(g => g.Key, StringComparer.Ordinal).TakeLast(12).ToList();
        if (cohorts.Count == 0)
        {
            return;
        }

        var offsets = Math.Min(MaxOffsets, cohorts.Max(g => g.Max(c => c.GetInt32("Offset") ?? 0)) + 1);
        var table = new Table().Title($"[bold]% of each first-purchase month ordering again in month +n (* still in progress)[/]").AddColumn(new TableColumn("Cohort").NoWrap()).AddColumn(new TableColumn("Size").RightAligned());
        for (var offset = 0; offset < offsets; offset++)
        {
            table.AddColumn(new TableColumn("+" + offset.ToString(CultureInfo.InvariantCulture)).RightAligned().NoWrap());
        }

        foreach (var cohort in cohorts)
        {
            var size = cohort.First().GetInt32("Size") ?? 0;
            var row = new List<string> { cohort.Key, size.ToString("N0", CultureInfo.InvariantCulture) };
            for (var offset = 0; offset < offsets; offset++)
            {
                var cell = cohort.FirstOrDefault(c => c.GetInt32("Offset") == offset);
                row.Add(cell is null ? string.Empty : Shade((double)(cell.GetInt32("On") ?? 0) / Math.Max(1, size), cell.GetBoolean("Incomplete") == true));
            }

            table.AddRow(row.ToArray());
        }

        AnsiConsole.Write(table);
    }

    private static string Shade(double share, bool incomplete)
    {
        var color = share switch { >= 0.5 => "green", >= 0.2 => "yellow", >= 0.05 => "orange1", _ => "grey" };
        var text = Math.Round(share * 100).ToString("0", CultureInfo.InvariantCulture);
        return incomplete ? $"[{color} italic]{text}*[/]" : $"[{color}]{text}[/]";
    }
}
