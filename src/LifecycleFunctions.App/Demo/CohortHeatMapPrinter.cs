using System.Globalization;
using LifecycleFunctions.Domain.Analytics;
using Spectre.Console;

namespace LifecycleFunctions.App.Demo;

/// <summary>Prints a run's monthly retention triangle ("on": share of the cohort ordering in each month) as a heat map.</summary>
public static class CohortHeatMapPrinter
{
    private const int MaxOffsets = 9;

    public static void Print(CohortTable months)
    {
        var cohorts = months.Rows.TakeLast(12).ToList();
        if (cohorts.Count == 0)
        {
            return;
        }

        var offsets = Math.Min(MaxOffsets, cohorts.Max(c => c.Cells.Count));
        var table = new Table().Title($"[bold]% of each first-purchase month ordering again in month +n (* still in progress)[/]").AddColumn(new TableColumn("Cohort").NoWrap()).AddColumn(new TableColumn("Size").RightAligned());
        for (var offset = 0; offset < offsets; offset++)
        {
            table.AddColumn(new TableColumn("+" + offset.ToString(CultureInfo.InvariantCulture)).RightAligned().NoWrap());
        }

        foreach (var cohort in cohorts)
        {
            var row = new List<string> { cohort.Cohort, cohort.Size.ToString("N0", CultureInfo.InvariantCulture) };
            for (var offset = 0; offset < offsets; offset++)
            {
                var cell = cohort.Cells.FirstOrDefault(c => c.Offset == offset);
                row.Add(cell is null ? string.Empty : Shade(cell.OnShare(cohort.Size), cell.Incomplete));
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
