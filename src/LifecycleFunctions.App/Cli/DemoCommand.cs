using System.CommandLine;
using LifecycleFunctions.App.Demo;

namespace LifecycleFunctions.App.Cli;

/// <summary>`lifecycle demo`: the whole pipeline on the embedded default storage, from traffic to the workbook.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var people = new Option<int>("--people") { Description = "Synthetic people to simulate (0 with --cdnow: only the real CDNOW purchases).", DefaultValueFactory = _ => 1000 };
        var months = new Option<int>("--months") { Description = "The history the traffic spreads over, in months; a recompute runs at each month end for the trends.", DefaultValueFactory = _ => 18 };
        var seed = new Option<int>("--seed") { Description = "Seed of the traffic generator; the same seed sends the same traffic.", DefaultValueFactory = _ => 42 };
        var cdnow = new Option<bool>("--cdnow") { Description = "Also send real CDNOW purchases (../shared/data/CDNOW_master.txt)." };
        var cdnowPath = new Option<string?>("--cdnow-path") { Description = "Path of CDNOW_master.txt (default: shared/data beside the repository)." };
        var cdnowCustomers = new Option<int>("--cdnow-customers") { Description = "How many CDNOW customers' purchases to send with --cdnow (23570 for all).", DefaultValueFactory = _ => 500 };
        var keepRunning = new Option<bool>("--keep-running") { Description = "Leave the app serving after the demo so you can send your own events and download reports." };
        var urls = new Option<string>("--urls") { Description = "Where the app listens.", DefaultValueFactory = _ => "http://127.0.0.1:0" };
        var command = new Command("demo", "Start the app on a local Azurite, send lifecycle-shaped website, ad and purchase traffic through the real endpoints and queues, recompute over the history, and write the funnel workbook.")
        {
            people, months, seed, cdnow, cdnowPath, cdnowCustomers, keepRunning, urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UnknownOptions.Refuse(parse.UnmatchedTokens, "demo") is { } refused)
            {
                return refused;
            }

            var options = new DemoOptions(parse.GetValue(people), parse.GetValue(months), parse.GetValue(seed), parse.GetValue(cdnow), parse.GetValue(cdnowPath), parse.GetValue(cdnowCustomers), parse.GetValue(keepRunning), parse.GetValue(urls)!, parse.UnmatchedTokens.ToList());
            if (options.People < 0 || options.Months < 1 || (options.People == 0 && !options.Cdnow))
            {
                Spectre.Console.AnsiConsole.MarkupLine("[red]--people must be 0 or more (0 only with --cdnow), and --months at least 1.[/]");
                return 2;
            }

            // Without the file the demo would send no purchases and run on nobody, and say nothing.
            if (options.Cdnow && !File.Exists(options.CdnowPath ?? DemoPaths.FindCdnow() ?? string.Empty))
            {
                Spectre.Console.AnsiConsole.MarkupLineInterpolated($"[red]--cdnow: CDNOW_master.txt not found at {options.CdnowPath ?? "shared/data/ beside the repository"}; give its path with --cdnow-path.[/]");
                return 2;
            }

            await new DemoRunner(TimeProvider.System).RunAsync(options, cancellationToken);
            return 0;
        });
        return command;
    }
}
