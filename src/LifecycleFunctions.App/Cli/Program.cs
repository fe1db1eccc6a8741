using System.CommandLine;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Engine.Lifecycle;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace LifecycleFunctions.App.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (FunctionsHostDetection.IsFunctionsWorker(args))
        {
            // Started by the Azure Functions host: the isolated worker, until the host stops it.
            await FunctionsWorkerHost.Build(args).RunAsync();
            return 0;
        }

        var root = new RootCommand("LifecycleFunctions: customer-lifecycle analytics on the Azure Functions isolated worker. `serve` hosts the same functions standalone, on a local Azurite by default.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(RecomputeCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(ReplayFailedCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InvalidSettingException ex)
        {
            // A setting, like a misspelt option, is the user's to fix: its reason, not a stack trace.
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return 2;
        }
        catch (RunLockLostException ex)
        {
            // Storage stopped answering under the run: its reason, and the rerun resumes it.
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return 1;
        }
        catch (Exception ex) when (StorageFailure.Describe(ex) is { } why)
        {
            // Storage down, unreachable or refusing the sign-in: the reason and where to look, not a stack trace.
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(why)}.[/] Check the storage settings (--Storage:ConnectionString, or --AzureWebJobsStorage:accountName with your sign-in) and that the account answers.");
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl+C): nothing to explain, as System.CommandLine's default handler did.
            return 1;
        }
        catch (Exception ex)
        {
            // What System.CommandLine's default handler did: the exception on stderr, exit code 1.
            await Console.Error.WriteLineAsync(ex.ToString());
            return 1;
        }
    }
}
