using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Lifecycle;
using Spectre.Console;

namespace LifecycleFunctions.App.Demo;

/// <summary>Prints a run's funnel, read back from the funnel table, as a terminal table with bars.</summary>
public static class FunnelPrinter
{
    public static async Task PrintAsync(StorageClients storage, DateOnly asOf, CancellationToken cancellationToken)
    {
        var partition = AnalyticsTables.Day(asOf);
        var rows = new List<TableEntity>();
        await foreach (var e in storage.Table(StorageNames.FunnelTable).QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (e.GetString("Channel") == FunnelAggregator.AllChannels)
            {
                rows.Add(e);
            }
        }

        var reach = Math.Max(1, rows.Max(r => r.GetInt32("EverReached") ?? 0));
        var table = new Table().Title($"[bold]Funnel as of {asOf:yyyy-MM-dd}[/]").AddColumns("Stage", "Now", "Ever reached", "", "Step", "Median days to next");
        foreach (var row in rows.OrderBy(r => r.GetInt32("StageOrder")))
        {
            var ever = row.GetInt32("EverReached") ?? 0;
            table.AddRow(
                row.GetString("Stage"),
                (row.GetInt32("Current") ?? 0).ToString("N0", CultureInfo.InvariantCulture),
                ever.ToString("N0", CultureInfo.InvariantCulture),
                "[blue]" + new string('█', (int)Math.Round(16.0 * ever / reach)) + "[/]",
                row.GetDouble("StepConversion") is { } step ? step.ToString("P0", CultureInfo.InvariantCulture) : string.Empty,
                row.GetDouble("MedianDaysToNext") is { } days ? days.ToString("N0", CultureInfo.InvariantCulture) : string.Empty);
        }

        AnsiConsole.Write(table);
    }
}
