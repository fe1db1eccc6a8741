using System.CommandLine;

namespace LifecycleFunctions.App.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("LifecycleFunctions: customer-lifecycle analytics on Azure Functions. Runs standalone on a local Azurite, or as an Azure Functions custom handler.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(RecomputeCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ReplayFailedCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root.Parse(args).InvokeAsync();
    }
}
