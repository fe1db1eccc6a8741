using System.CommandLine;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Reports;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace LifecycleFunctions.App.Cli;

/// <summary>`lifecycle export --out file.xlsx [--stage S] [--as-of D] [--channel C] [--cohort month|week]`: the funnel workbook to a file.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--out") { Description = "The workbook to write (.xlsx); default reports/out/funnel-<as-of>.xlsx." };
        var stage = new Option<string?>("--stage") { Description = "One stage's workbook: the overview and that stage's members (Reach, Acquisition, Conversion, Retention, Loyalty, Advocacy, Lapsed)." };
        var asOf = new Option<string?>("--as-of") { Description = "A recompute day (yyyy-MM-dd); default the latest." };
        var channel = new Option<string?>("--channel") { Description = "Only people whose first touch was this channel." };
        var cohort = new Option<string?>("--cohort") { Description = "Retention cohorts by 'month' (default) or 'week'." };
        var command = new Command("export", "Write the funnel workbook (overview, channels, cohorts, campaigns, trends, members by stage) to an Excel file.")
        {
            output, stage, asOf, channel, cohort,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UnknownOptions.Refuse(parse.UnmatchedTokens, "export") is { } refused)
            {
                return refused;
            }

            var (request, error) = ReportRequest.Parse(parse.GetValue(stage), parse.GetValue(asOf), parse.GetValue(channel), parse.GetValue(cohort));
            if (request is null)
            {
                AnsiConsole.MarkupLine($"[red]--{(error!.Parameter == "asOf" ? "as-of" : error.Parameter)}: {Markup.Escape(error.Detail)}[/]");
                return 2;
            }

            await using var app = LifecycleHost.Build([.. parse.UnmatchedTokens, "--Logging:LogLevel:Default=Warning"]);
            var storage = app.Services.GetRequiredService<EmbeddedStorageService>();
            await storage.StartAsync(cancellationToken);
            try
            {
                var load = await app.Services.GetRequiredService<FunnelReportLoader>().LoadAsync(request.AsOf, request.Filter, cancellationToken);
                if (load.Report is not { } report)
                {
                    AnsiConsole.MarkupLine(load.Latest is null
                        ? "[red]No recompute has run yet.[/] Run [bold]lifecycle recompute[/] first (or [bold]lifecycle demo[/] for sample data)."
                        : $"[red]No recompute ran as of {request.AsOf:yyyy-MM-dd}.[/] Run [bold]lifecycle recompute --as-of {request.AsOf:yyyy-MM-dd}[/] first, or leave --as-of out for the latest ({load.Latest:yyyy-MM-dd}).");
                    return 4;
                }

                var file = parse.GetValue(output) ?? new FileInfo(Path.Combine("reports", "out", FunnelWorkbookExporter.FileName(report)));
                var result = await WriteWithProgressAsync(app.Services.GetRequiredService<FunnelWorkbookExporter>(), report, file, cancellationToken);
                AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(file.FullName)}[/]: funnel as of {report.AsOf:yyyy-MM-dd}, {result.TotalMemberRows:N0} member rows.");
                return 0;
            }
            finally
            {
                await storage.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    private static async Task<WorkbookExportResult> WriteWithProgressAsync(FunnelWorkbookExporter exporter, FunnelReport report, FileInfo file, CancellationToken cancellationToken)
    {
        file.Directory?.Create();
        WorkbookExportResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Funnel workbook", maxValue: 1);
                var progress = new SynchronousProgress<ExportProgress>(p =>
                {
                    task.Description = p.Phase;
                    task.MaxValue = Math.Max(1, p.TotalRows);
                    task.Value = p.Rows;
                });

                // Written beside the target and moved over it: a failed export never leaves half a workbook under the real name.
                var partial = file.FullName + ".partial";
                await using (var stream = File.Create(partial))
                {
                    result = await exporter.ExportAsync(report, stream, progress, cancellationToken);
                }

                File.Move(partial, file.FullName, overwrite: true);
                task.Value = task.MaxValue;
            });
        return result!;
    }
}
