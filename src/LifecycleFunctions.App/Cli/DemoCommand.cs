using System.CommandLine;
using LifecycleFunctions.App.Demo;

namespace LifecycleFunctions.App.Cli;

/// <summary>`lifecycle demo`: the whole capture pipeline on the embedded default storage.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var people = new Option<int>("--people") { Description = "Website visitors to simulate.", DefaultValueFactory = _ => 300 };
        var seed = new Option<int>("--seed") { Description = "Seed of the traffic generator; the same seed sends the same traffic.", DefaultValueFactory = _ => 42 };
        var cdnow = new Option<string?>("--cdnow") { Description = "Path of CDNOW_master.txt (default: shared/data beside the repository)." };
        var cdnowCustomers = new Option<int>("--cdnow-customers") { Description = "How many real CDNOW customers' purchases to send (0 for none).", DefaultValueFactory = _ => 500 };
        var keepRunning = new Option<bool>("--keep-running") { Description = "Leave the app serving after the demo so you can send your own events." };
        var urls = new Option<string>("--urls") { Description = "Where the app listens.", DefaultValueFactory = _ => "http://127.0.0.1:0" };
        var command = new Command("demo", "Start the app on a local Azurite, send sample website, ad and purchase traffic through the real endpoints and queues, and show what was stored.")
        {
            people, seed, cdnow, cdnowCustomers, keepRunning, urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => new DemoRunner(TimeProvider.System).RunAsync(
            new DemoOptions(parse.GetValue(people), parse.GetValue(seed), parse.GetValue(cdnow), parse.GetValue(cdnowCustomers), parse.GetValue(keepRunning), parse.GetValue(urls)!, parse.UnmatchedTokens.ToList()),
            cancellationToken));
        return command;
    }
}
