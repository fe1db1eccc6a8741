using System.Globalization;
using System.Text;
using Spectre.Console;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>Prints results beside their ceilings and writes them as a Markdown table with the machine's size.</summary>
public static class BenchmarkReport
{
    public static void Print(IReadOnlyList<BenchmarkResult> results)
    {
        var table = new Table().Title("[bold]Benchmarks[/]").AddColumns("Benchmark", "Figure", "Ceiling (same run)", "Ratio", "Goal");
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Name),
                $"{r.Value:N0} {r.Unit}",
                $"{r.Ceiling:N0} {r.Unit} ({Markup.Escape(r.CeilingName)})",
                $"[{(r.MeetsGoal ? "green" : "red")}]{r.Ratio:0.00}[/]",
                $"≥ {r.Goal:0.0}");
        }

        AnsiConsole.Write(table);
    }

    public static string ToMarkdown(IReadOnlyList<BenchmarkResult> results, DateTimeOffset at)
    {
        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {at:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {memoryGiB:N0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, against Azurite started for the run.").AppendLine();
        md.AppendLine("| Benchmark | Figure | Ceiling (same run) | Ratio | Goal | Setup |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Value:N0} {r.Unit} | {r.Ceiling:N0} {r.Unit} ({r.CeilingName}) | {r.Ratio:0.00} | ≥ {r.Goal:0.0} | {r.Detail} |");
        }

        return md.ToString();
    }
}
