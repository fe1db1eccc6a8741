using System.CommandLine;
using System.Globalization;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace LifecycleFunctions.App.Cli;

/// <summary>`lifecycle recompute [--as-of yyyy-MM-dd]`: the nightly recompute on demand, in this process, with a
/// progress bar; then the pre-built workbook.</summary>
public static class RecomputeCommand
{
    public static Command Create()
    {
        var asOf = new Option<string?>("--as-of") { Description = "Classify as of this day (yyyy-MM-dd), for backfills; default today (UTC)." };
        var command = new Command("recompute", "Fold new events into person states, classify everyone, and rebuild the cohort, funnel and campaign tables.")
        {
            asOf,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UnknownOptions.Refuse(parse.UnmatchedTokens, "recompute") is { } refused)
            {
                return refused;
            }

            DateOnly? day = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    AnsiConsole.MarkupLine($"[red]--as-of must be a date as yyyy-MM-dd (got '{Markup.Escape(text)}').[/]");
                    return 2;
                }

                day = parsed;
            }

            await using var app = LifecycleHost.Build([.. parse.UnmatchedTokens, "--Logging:LogLevel:Default=Warning"]);
            if (day > DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime))
            {
                // A day to come would lapse people early and announce it on stage-changes.
                AnsiConsole.MarkupLine($"[red]--as-of {Markup.Escape(parse.GetValue(asOf)!)} is in the future; a recompute classifies as of today (UTC) at the latest.[/]");
                return 2;
            }

            var storage = app.Services.GetRequiredService<EmbeddedStorageService>();
            await storage.StartAsync(cancellationToken);
            try
            {
                var result = await RunWithProgressAsync(app.Services, day, cancellationToken);
                if (result.Skipped)
                {
                    AnsiConsole.MarkupLine("[yellow]Another recompute is running; nothing done.[/]");
                    return 3;
                }

                AnsiConsole.MarkupLine($"Recomputed as of [bold]{result.Run!.AsOf:yyyy-MM-dd}[/]: {result.Events:N0} new events folded, {result.People:N0} people classified, {result.Changed:N0} changed.");
                return 0;
            }
            finally
            {
                await storage.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    public static async Task<RecomputeResult> RunWithProgressAsync(IServiceProvider services, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var recompute = services.GetRequiredService<RecomputeAndPublish>();
        var dispatcher = services.GetRequiredService<InProcessShardDispatcher>();
        RecomputeResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal)
                {
                    ["Fold"] = ctx.AddTask("Fold new events into people", maxValue: 16),
                    ["Classify"] = ctx.AddTask("Classify every person", maxValue: 16),
                    ["Combine"] = ctx.AddTask("Cohorts, funnel, campaigns", maxValue: 1),
                    ["Workbook"] = ctx.AddTask("Funnel workbook to Blob Storage", maxValue: 1),
                };
                var progress = new SynchronousProgress<RecomputeProgress>(p =>
                {
                    if (tasks.TryGetValue(p.Step, out var task))
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                    }
                });
                var workbook = tasks["Workbook"];
                var exported = new SynchronousProgress<ExportProgress>(p =>
                {
                    workbook.MaxValue = Math.Max(1, p.TotalRows);
                    workbook.Value = p.Rows;
                });
                result = await recompute.RunOnDemandAsync(asOf, dispatcher, progress, exported, cancellationToken);
                if (!result.Skipped)
                {
                    workbook.Value = workbook.MaxValue;
                }
            });
        return result!;
    }
}
