using System.Text;
using System.Text.Json;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Datasets;
using LifecycleFunctions.Engine.Lifecycle;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Events;
using LifecycleFunctions.Storage.Failures;
using LifecycleFunctions.Storage.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace LifecycleFunctions.App.Demo;

/// <summary>
/// The main job on an embedded default: starts the standalone app (and with it Azurite), sends website traffic
/// through the real Segment endpoints and ad and order messages onto the real queues, waits until every
/// message is stored or recorded as failed, and reports what the tables hold.
/// </summary>
public sealed class DemoRunner(TimeProvider time)
{
    private const int HttpConcurrency = 4;
    private const int QueueConcurrency = 16;

    public async Task<DemoResult> RunAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        AnsiConsole.MarkupLine("[bold]LifecycleFunctions demo[/]: starting the app and the local storage emulator…");
        // The demo waits for the queues to drain before recomputing, so nothing stored can still be on its way.
        // The aliases first, so that a --Lifecycle:ChannelAliases:N given to the demo takes their place.
        string[] aliases = [.. LifecycleTrafficGenerator.ChannelAliases.Select((alias, i) => $"--Lifecycle:ChannelAliases:{i}={alias}")];
        await using var app = LifecycleHost.Build([.. aliases, .. options.HostArgs, "--urls", options.Urls, "--Logging:LogLevel:Default=Error", "--Recompute:WatermarkLagSeconds=0"]);
        await app.StartAsync(cancellationToken);
        var baseUrl = SegmentHttpClient.ListeningUrl(app);
        var writeKey = app.Services.GetRequiredService<IOptions<CollectOptions>>().Value.WriteKeys.FirstOrDefault()
            ?? throw new InvalidOperationException("The demo posts to the collection API and needs a write key: set Collect:WriteKeys:0 (the local emulator has one by default).");
        var storage = app.Services.GetRequiredService<StorageClients>();

        var cdnow = LoadCdnow(options);
        var now = time.GetUtcNow();
        var traffic = new LifecycleTrafficGenerator(options.Seed, now).Generate(options.People, options.Months, cdnow);
        AnsiConsole.MarkupLine($"Sending {options.Months} months of traffic for [bold]{options.People:N0}[/] people: [bold]{traffic.WebsiteEvents:N0}[/] website events, [bold]{traffic.AdMessages.Count:N0}[/] ad messages and [bold]{traffic.PurchaseMessages.Count:N0}[/] purchases ({cdnow.Count:N0} of them real CDNOW orders) to {baseUrl}");

        using var http = SegmentHttpClient.Create(baseUrl, writeKey);
        var rejected = 0;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var web = ctx.AddTask("Website → /v1/batch", maxValue: traffic.WebsiteEvents);
                var ads = ctx.AddTask("Ads → ad-events", maxValue: traffic.AdMessages.Count);
                var orders = ctx.AddTask("Orders → purchase-events", maxValue: traffic.PurchaseMessages.Count);
                await Task.WhenAll(
                    Parallel.ForEachAsync(traffic.WebsiteBatches, new ParallelOptions { MaxDegreeOfParallelism = HttpConcurrency, CancellationToken = cancellationToken }, async (batch, token) =>
                    {
                        using var response = await http.PostAsync(new Uri("v1/batch", UriKind.Relative), JsonContent(new { batch }), token);
                        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token));
                        if (response.StatusCode == System.Net.HttpStatusCode.BadRequest && body.RootElement.TryGetProperty("rejected", out var all))
                        {
                            // A batch of nothing but broken events is refused whole (invalid-batch).
                            Interlocked.Add(ref rejected, all.GetArrayLength());
                        }
                        else
                        {
                            response.EnsureSuccessStatusCode();
                            Interlocked.Add(ref rejected, body.RootElement.GetProperty("rejected").GetArrayLength());
                        }

                        web.Increment(batch.Count);
                    }),
                    SendAllAsync(storage, StorageNames.AdEventsQueue, traffic.AdMessages, ads, cancellationToken),
                    SendAllAsync(storage, StorageNames.PurchaseEventsQueue, traffic.PurchaseMessages, orders, cancellationToken));
            });

        AnsiConsole.MarkupLine($"The API rejected [yellow]{rejected}[/] event(s) with a reason (deliberately broken ones). Waiting for the queue functions to store the rest…");
        // The queues something reads: stage-changes waits for Service Bus publishing, off unless it is configured.
        var queues = app.Services.GetRequiredService<FunctionCatalog>().Queue
            .Where(d => !FunctionSwitch.IsDisabled(app.Configuration, d.Name, d.Handler))
            .Select(d => d.Trigger.QueueName!).ToList();
        await WaitForQueuesAsync(storage, queues, app.Lifetime.ApplicationStopping, cancellationToken);

        // The website's rejected batch items are kept too, under their own partition: the table shows all that was kept.
        var summary = await StoredEventSummary.ReadAsync(storage, app.Services.GetRequiredService<FailedEventStore>(), [.. queues, SegmentCollector.RejectedBatchItems], cancellationToken);
        Print(summary);
        var duplicates = app.Services.GetRequiredService<EventStoreCounters>().Duplicates;
        AnsiConsole.MarkupLine($"Skipped as already stored: [bold]{duplicates:N0}[/] (orders reported by both the website and the order system, and anything a previous run with the same seed sent).");

        // Only CDNOW's 1997-98 purchases: the history is theirs, and "today" is the day after the file ends.
        var asOf = options.People == 0 && cdnow.Count > 0 ? cdnow.Max(p => p.Date).AddDays(1) : DateOnly.FromDateTime(now.UtcDateTime);
        var historyStart = options.People == 0 && cdnow.Count > 0 ? cdnow.Min(p => p.Date) : traffic.HistoryStart;
        var trendDays = MonthEnds(historyStart, asOf);
        await RecomputeHistoryAsync(app.Services, trendDays, cancellationToken);

        AnsiConsole.MarkupLine($"Recomputing as of [bold]{asOf:yyyy-MM-dd}[/] and publishing the workbook…");
        var recompute = await Cli.RecomputeCommand.RunWithProgressAsync(app.Services, asOf, cancellationToken);
        string? workbook = null;
        if (!recompute.Skipped)
        {
            var analytics = app.Services.GetRequiredService<AnalyticsReader>();
            if (await analytics.ReadFunnelAsync(asOf, cancellationToken) is { } funnel)
            {
                FunnelPrinter.Print(funnel);
            }

            CohortHeatMapPrinter.Print(await analytics.ReadCohortsAsync(asOf, CohortGranularity.Month, cancellationToken));

            // The recompute has just published it to Blob, as the nightly run does: the demo keeps a copy.
            var published = await app.Services.GetRequiredService<FunnelWorkbookBlobs>().OpenLatestAsync(cancellationToken)
                ?? throw new InvalidOperationException("The recompute published no workbook.");
            var file = new FileInfo(Path.Combine(options.WorkbookDirectory, FunnelWorkbookBlobs.DatedBlob(published.AsOf)));
            file.Directory?.Create();
            await using (published.Content)
            await using (var copy = File.Create(file.FullName))
            {
                await published.Content.CopyToAsync(copy, cancellationToken);
            }

            workbook = file.FullName;
            AnsiConsole.MarkupLine($"The funnel workbook: [bold link]{Markup.Escape(file.FullName)}[/] ({file.Length / 1024:N0} KB, trends over {trendDays.Count + 1} recompute days).");
        }

        AnsiConsole.MarkupLine($"Done in [bold]{clock.Elapsed.TotalSeconds:N0} s[/].");
        if (options.KeepRunning)
        {
            PrintTryIt(baseUrl, writeKey, app.Services.GetRequiredService<IOptions<FunctionKeyOptions>>().Value.FunctionKey);
            await app.WaitForShutdownAsync(cancellationToken);
        }

        await app.StopAsync(CancellationToken.None);
        return new DemoResult(traffic, summary, rejected, asOf, trendDays, workbook);
    }

    /// <summary>The last day of every month from the history's first up to (not including) the as-of day.</summary>
    public static List<DateOnly> MonthEnds(DateOnly from, DateOnly asOf)
    {
        var days = new List<DateOnly>();
        for (var end = new DateOnly(from.Year, from.Month, 1).AddMonths(1).AddDays(-1); end < asOf; end = end.AddDays(1).AddMonths(1).AddDays(-1))
        {
            days.Add(end);
        }

        return days;
    }

    /// <summary>
    /// A recompute as of each month end, as the nightly timer would have run over the history, so the Trends
    /// sheet has points. Each classifies as of its day only what had happened by then.
    /// </summary>
    private static async Task RecomputeHistoryAsync(IServiceProvider services, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken)
    {
        if (days.Count == 0)
        {
            return;
        }

        var recompute = services.GetRequiredService<LifecycleRecompute>();
        var dispatcher = services.GetRequiredService<InProcessShardDispatcher>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Month-end recomputes {days[0]:yyyy-MM} … {days[^1]:yyyy-MM} (for the trends)", maxValue: days.Count);
                foreach (var day in days)
                {
                    await recompute.RunOnDemandAsync(day, dispatcher, null, cancellationToken);
                    task.Increment(1);
                }
            });
    }

    private static List<CdnowPurchase> LoadCdnow(DemoOptions options)
    {
        var path = options.CdnowPath ?? DemoPaths.FindCdnow();
        if (!options.Cdnow || options.CdnowCustomers <= 0 || path is null || !File.Exists(path))
        {
            return [];
        }

        var customers = new HashSet<string>(StringComparer.Ordinal);
        return CdnowReader.ReadFile(path)
            .Where(p => customers.Contains(p.CustomerId) || (customers.Count < options.CdnowCustomers && customers.Add(p.CustomerId)))
            .ToList();
    }

    private static async Task SendAllAsync(StorageClients storage, string queue, IReadOnlyList<string> messages, ProgressTask progress, CancellationToken cancellationToken)
    {
        var client = storage.Queue(queue);
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = QueueConcurrency, CancellationToken = cancellationToken }, async (message, token) =>
        {
            await client.SendMessageAsync(message, token);
            progress.Increment(1);
        });
    }

    private async Task WaitForQueuesAsync(StorageClients storage, IReadOnlyList<string> queues, CancellationToken appStopping, CancellationToken cancellationToken)
    {
        // ApproximateMessagesCount includes messages being processed, so zero everywhere means all were handled.
        var quiet = 0;
        var lastTotal = -1;
        var stalledSince = time.GetUtcNow();
        while (quiet < 2)
        {
            if (appStopping.IsCancellationRequested)
            {
                throw new InvalidOperationException("The app stopped while the queues were still being worked (see the log above); the demo cannot go on.");
            }

            var counts = await Task.WhenAll(queues.Select(async q => (await storage.Queue(q).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount));
            quiet = counts.All(c => c == 0) ? quiet + 1 : 0;
            var total = counts.Sum();
            if (total != lastTotal)
            {
                (lastTotal, stalledSince) = (total, time.GetUtcNow());
            }
            else if (total > 0 && time.GetUtcNow() - stalledSince > StallLimit)
            {
                var waiting = string.Join(", ", queues.Zip(counts).Where(q => q.Second > 0).Select(q => $"{q.First}: {q.Second}"));
                throw new TimeoutException($"No queue message was handled for {StallLimit.TotalMinutes:N0} minutes ({waiting}). Is the storage emulator the one this app started? Stop other Azurite instances on ports 10000-10002 and run again.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(3);

    private static void Print(StoredEventSummary summary)
    {
        var table = new Table().Title("[bold]Events stored in Table Storage[/]").AddColumns("Source", "Type", "Events");
        foreach (var (source, type, count) in summary.ByType)
        {
            table.AddRow(source, type, count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        table.AddRow("[bold]all[/]", string.Empty, $"[bold]{summary.Total:N0}[/]");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"People (by userId or anonymousId): [bold]{summary.People:N0}[/]   Revenue from completed orders: [bold]{summary.Revenue:N2}[/]");

        if (summary.Failures.Count > 0)
        {
            var failures = new Table().Title("[bold]Failed events (kept with the reason)[/]").AddColumns("Source", "Reason", "Raw body");
            foreach (var f in summary.Failures)
            {
                failures.AddRow(Markup.Escape(f.Queue), Markup.Escape(f.Reason), Markup.Escape(f.RawBody.Length > 60 ? f.RawBody[..60] + "…" : f.RawBody));
            }

            AnsiConsole.Write(failures);
        }
    }

    private static void PrintTryIt(string baseUrl, string writeKey, string? functionKey)
    {
        AnsiConsole.MarkupLine("[bold]The app keeps running.[/] Send your own events, recompute, download the workbook; then press Ctrl+C:");
        AnsiConsole.WriteLine($"  curl -u {writeKey}: -H 'Content-Type: application/json' -d '{{\"userId\":\"me\",\"event\":\"Signed Up\"}}' {baseUrl}/v1/track");
        AnsiConsole.WriteLine($"  curl -X POST -H 'x-functions-key: {functionKey}' {baseUrl}/api/admin/recompute");
        AnsiConsole.WriteLine($"  curl -OJ -H 'x-functions-key: {functionKey}' {baseUrl}/api/reports/funnel/latest");
        AnsiConsole.WriteLine($"  curl -OJ -H 'x-functions-key: {functionKey}' '{baseUrl}/api/reports/funnel/lapsed?channel=google'");
        AnsiConsole.WriteLine($"  curl -H 'x-functions-key: {functionKey}' {baseUrl}/api/admin/status");
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
