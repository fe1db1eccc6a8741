using System.CommandLine;
using System.Globalization;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.App.Replay;
using LifecycleFunctions.Domain.Replay;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Engine.Replay;
using LifecycleFunctions.Storage.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace LifecycleFunctions.App.Cli;

/// <summary>`lifecycle replay-failed [--dry-run] [--source S ...] [--since D]`: failed input sent back once its cause is fixed.</summary>
public static class ReplayFailedCommand
{
    private const int MaxReasonsShown = 10;

    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be replayed (count per source and reason) and change nothing." };
        var source = new Option<string[]>("--source")
        {
            // Not several values per token: the storage settings that follow (--Storage:...) would be taken for sources.
            Description = $"Only this source, repeatable or comma-separated ({string.Join(", ", ReplaySources.All.Select(s => s.Name))}); a queue covers its failed-events rows and its poison queue.",
        };
        var since = new Option<string?>("--since") { Description = "Only input that failed at or after this time (yyyy-MM-dd, or an ISO 8601 time; UTC unless it says otherwise)." };
        var command = new Command("replay-failed", "Send failed input again: poisoned queue messages back to their queue, failed-events records back where they came from (website events through the collection path).")
        {
            dryRun, source, since,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UnknownOptions.Refuse(parse.UnmatchedTokens, "replay-failed") is { } refused)
            {
                return refused;
            }

            var sources = (parse.GetValue(source) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
            var unknown = sources.Where(s => ReplaySources.All.All(known => known.Name != s)).ToList();
            if (unknown.Count > 0)
            {
                AnsiConsole.MarkupLine($"[red]--source: {Markup.Escape(string.Join(", ", unknown))} is not a source of failed input; use {Markup.Escape(string.Join(", ", ReplaySources.All.Select(s => s.Name)))}.[/]");
                return 2;
            }

            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    AnsiConsole.MarkupLine($"[red]--since must be a day (yyyy-MM-dd) or an ISO 8601 time (got '{Markup.Escape(text)}').[/]");
                    return 2;
                }

                from = parsed;
            }

            await using var app = LifecycleHost.Build([.. parse.UnmatchedTokens, "--Logging:LogLevel:Default=Warning"]);
            var storage = app.Services.GetRequiredService<EmbeddedStorageService>();
            await storage.StartAsync(cancellationToken);
            try
            {
                // A dry run too: planning receives the poison messages, which hides them from another replay.
                await using var held = await app.Services.GetRequiredService<LifecycleRunStore>().TryLockReplayAsync(cancellationToken);
                if (held is null)
                {
                    AnsiConsole.MarkupLine("[yellow]Another replay-failed is running (it holds the replay lock); nothing done. Run this one once it has finished.[/]");
                    return 3;
                }

                // A replay whose lock lapsed (storage stopped answering its renewal) stops: another may be planning the same input.
                using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
                try
                {
                    return await RunAsync(app.Services.GetRequiredService<FailedInputReplayer>(), sources, from, parse.GetValue(dryRun), running.Token);
                }
                catch (OperationCanceledException ex) when (held.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new RunLockLostException(
                        "The replay lock lapsed under this replay (storage did not answer its renewal in time); it stopped so that no second "
                        + "replay plans the same input. Run replay-failed again once storage answers: it plans from what is left.", ex);
                }
            }
            finally
            {
                await storage.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(FailedInputReplayer replayer, IReadOnlySet<string> sources, DateTimeOffset? since, bool dryRun, CancellationToken cancellationToken)
    {
        var prepared = await replayer.PrepareAsync(sources, since, cancellationToken);
        var plan = prepared.Plan;
        foreach (var skipped in plan.Skipped.GroupBy(s => s.Why))
        {
            AnsiConsole.MarkupLine($"[grey]Left alone: {skipped.Count():N0} input(s): {Markup.Escape(skipped.Key)}.[/]");
        }

        if (plan.Items.Count == 0 && plan.SpentRecords.Count == 0)
        {
            AnsiConsole.MarkupLine("Nothing to replay.");
            return 0;
        }

        if (plan.Items.Count > 0)
        {
            AnsiConsole.Write(GroupTable(plan));
        }

        if (dryRun)
        {
            var removed = plan.Items.Count(i => i.AlreadySent);
            var sending = plan.Items.Where(i => !i.AlreadySent).ToList();
            var fromPoison = sending.Count(i => i.FromPoisonQueue);
            AnsiConsole.MarkupLine(
                $"Dry run: {sending.Count:N0} inputs would be replayed ({fromPoison:N0} from poison queues, {sending.Count - fromPoison:N0} from failedevents)"
                + (removed > 0 ? $", {removed:N0} poison message(s) would be removed unsent, as an earlier replay sent them from their record" : string.Empty)
                + Spent(plan, "would be removed")
                + $"{LeftAlone(plan)}; nothing changed.");
            return 0;
        }

        IReadOnlyList<ReplayedItem> done = [];
        var sent = 0;
        try
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("Replay failed input", maxValue: plan.Items.Count);
                    done = await replayer.RunAsync(prepared, new SynchronousProgress<int>(n =>
                    {
                        sent = n;
                        task.Value = n;
                    }), cancellationToken);
                });
        }
        catch (Exception ex) when (StorageFailure.Describe(ex) is { } why)
        {
            AnsiConsole.MarkupLine($"[red]Replay stopped after {sent:N0} of {plan.Items.Count:N0}: {Markup.Escape(why)}.[/] What was not replayed is still recorded; run the command again when storage answers.");
            return 1;
        }

        PrintSummary(done, plan);
        return 0;
    }

    private static Table GroupTable(ReplayPlan plan)
    {
        var table = new Table().AddColumn("Source").AddColumn("From").AddColumn("Reason").AddColumn(new TableColumn("Count").RightAligned());
        foreach (var group in plan.Groups())
        {
            table.AddRow(Markup.Escape(group.Source), group.FromPoisonQueue ? "poison queue" : "failedevents", Markup.Escape(group.Reason), group.Count.ToString("N0", CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string Spent(ReplayPlan plan, string verb) =>
        plan.SpentRecords.Count > 0 ? $", {plan.SpentRecords.Count:N0} record(s) marked as sent over {ReplayPlanner.ReplayedRecordKeep.TotalMinutes:N0} minutes ago {verb} (their poison message did not come back)" : string.Empty;

    private static string LeftAlone(ReplayPlan plan) =>
        plan.Skipped.Count > 0 ? $", {plan.Skipped.Count:N0} left alone (listed above)" : string.Empty;

    private static void PrintSummary(IReadOnlyList<ReplayedItem> done, ReplayPlan plan)
    {
        if (done.Count == 0)
        {
            AnsiConsole.MarkupLine($"Nothing to replay{Spent(plan, "removed")}{LeftAlone(plan)}.");
            return;
        }

        var rejected = done.Where(d => d.Outcome == ReplayOutcome.RejectedAgain).ToList();
        foreach (var item in rejected.Take(MaxReasonsShown))
        {
            AnsiConsole.MarkupLine($"[yellow]Rejected again: {Markup.Escape(item.Item.Record?.Id ?? "?")}: {Markup.Escape(item.NewReason ?? string.Empty)}[/]");
        }

        if (rejected.Count > MaxReasonsShown)
        {
            AnsiConsole.MarkupLine($"[yellow]… and {rejected.Count - MaxReasonsShown:N0} more; their failedevents records hold the reasons.[/]");
        }

        var queued = done.Count(d => d.Outcome is ReplayOutcome.Resent or ReplayOutcome.ResentRecordChanged);
        var changed = done.Count(d => d.Outcome == ReplayOutcome.ResentRecordChanged);
        var elsewhere = done.Count(d => d.Outcome == ReplayOutcome.TakenElsewhere);
        var alreadySent = done.Count(d => d.Outcome == ReplayOutcome.RemovedAsSent);
        AnsiConsole.MarkupLine(
            $"Replayed {done.Count:N0}: {queued:N0} back on their queues, {rejected.Count:N0} rejected again (kept in failedevents with the new reason)"
            + (changed > 0 ? $", {changed:N0} re-sent but kept, as their record was written again meanwhile" : string.Empty)
            + (alreadySent > 0 ? $", {alreadySent:N0} poison message(s) removed unsent, as an earlier replay sent them from their record" : string.Empty)
            + (elsewhere > 0 ? $", {elsewhere:N0} poison message(s) not sent, as someone else received them meanwhile (or they were gone)" : string.Empty)
            + Spent(plan, "removed")
            + LeftAlone(plan)
            + ". The queue functions store what was re-sent, and record in failedevents what fails again.");
    }
}
