using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Operations;
using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.Engine.Operations;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace LifecycleFunctions.App.Cli;

/// <summary>`lifecycle status [--json]`: what the pipeline holds and what needs attention; exit 4 when something does.</summary>
public static class StatusCommand
{
    /// <summary>Not 1 (storage failed), 2 (bad option) or 3 (another run holds the lock): a monitor can tell them apart.</summary>
    public const int NeedsAttention = 4;

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (as GET /api/admin/status answers)." };
        var command = new Command("status", "Show the queues, failed events, the last recompute against its schedule and the pre-built workbook, and what needs attention (exit code 4 when something does).")
        {
            json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UnknownOptions.Refuse(parse.UnmatchedTokens, "status") is { } refused)
            {
                return refused;
            }

            await using var app = LifecycleHost.Build([.. parse.UnmatchedTokens, "--Logging:LogLevel:Default=Warning"]);
            var storage = app.Services.GetRequiredService<EmbeddedStorageService>();
            await storage.StartAsync(cancellationToken);
            try
            {
                var status = await app.Services.GetRequiredService<PipelineStatusService>().ReadAsync(cancellationToken);
                if (parse.GetValue(json))
                {
                    // Raw, not through Spectre's markup and wrapping: a script parses it.
                    AnsiConsole.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(PipelineStatusJson.From(status), PipelineStatusJson.Options));
                }
                else
                {
                    Print(status);
                }

                return status.Healthy ? 0 : NeedsAttention;
            }
            finally
            {
                await storage.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    private static void Print(PipelineStatus status)
    {
        var snapshot = status.Snapshot;
        var recompute = snapshot.LastAsOf is { } asOf
            ? $"last as of {Day(asOf)}" + (snapshot.LastCompletedAt is { } at ? $", completed {Time(at)}" : string.Empty)
              + (snapshot.EventsFoldedUpTo is { } upTo ? $" (events stored up to {Time(upTo)})" : string.Empty)
            : "none completed yet";
        AnsiConsole.MarkupLine($"Recompute: {Markup.Escape(recompute)}{(snapshot.RecomputeRunning ? "; [bold]one is running now[/]" : string.Empty)}.");
        AnsiConsole.MarkupLine(status.NextScheduled is { } next
            ? $"Schedule: next run {Markup.Escape(Time(next))}."
            : "Schedule: none (the RecomputeLifecycle timer is disabled or not declared).");
        AnsiConsole.MarkupLine($"Pre-built workbook: {(snapshot.LatestWorkbook is { } day ? $"as of {Day(day)}" : "none yet")}.");

        var queues = new Table().AddColumn("Queue").AddColumn(new TableColumn("Waiting").RightAligned()).AddColumn(new TableColumn("Poisoned").RightAligned());
        foreach (var queue in snapshot.Queues)
        {
            queues.AddRow(Markup.Escape(queue.Queue), Count(queue.Waiting), queue.Poisoned > 0 ? $"[red]{Count(queue.Poisoned)}[/]" : Count(queue.Poisoned));
        }

        AnsiConsole.Write(queues);
        AnsiConsole.MarkupLine(snapshot.FailedEvents.Count == 0
            ? "Failed events: none."
            : $"Failed events kept with their reason: {Markup.Escape(string.Join(", ", snapshot.FailedEvents.Select(f => $"{f.Key} {Count(f.Value)}")))} (`lifecycle replay-failed --dry-run` lists them by reason).");

        if (status.Healthy)
        {
            AnsiConsole.MarkupLine("[green]All well.[/]");
            return;
        }

        AnsiConsole.MarkupLine("[yellow]Needs attention:[/]");
        foreach (var concern in status.Concerns)
        {
            AnsiConsole.MarkupLine($"[yellow]- {Markup.Escape(concern.Check)}:[/] {Markup.Escape(concern.Detail)}");
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
