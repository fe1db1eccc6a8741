using System.Globalization;
using LifecycleFunctions.Domain.Analytics;
using Spectre.Console;

namespace LifecycleFunctions.App.Demo;

/// <summary>Prints a run's funnel, as read back from the funnel table, as a terminal table with bars.</summary>
public static class FunnelPrinter
{
    public static void Print(FunnelSnapshot funnel)
    {
        var reach = Math.Max(1, funnel.Stages.Max(r => r.EverReached));
        var table = new Table().Title($"[bold]Funnel as of {funnel.AsOf:yyyy-MM-dd}[/]").AddColumns("Stage", "Now", "Ever reached", "", "Step", "Median days to next");
        foreach (var row in funnel.Stages)
        {
            table.AddRow(
                row.Stage.ToString(),
                row.Current.ToString("N0", CultureInfo.InvariantCulture),
                row.EverReached.ToString("N0", CultureInfo.InvariantCulture),
                "[blue]" + new string('█', (int)Math.Round(16.0 * row.EverReached / reach)) + "[/]",
                row.StepConversion is { } step ? step.ToString("P0", CultureInfo.InvariantCulture) : string.Empty,
                row.MedianDaysToNext is { } days ? days.ToString("N0", CultureInfo.InvariantCulture) : string.Empty);
        }

        AnsiConsole.Write(table);
    }
}
