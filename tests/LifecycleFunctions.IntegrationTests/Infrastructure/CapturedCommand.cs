using LifecycleFunctions.App.Cli;
using Spectre.Console;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>Runs `lifecycle` with the given arguments as a user types them, and returns what it wrote to the console (plain text, no colours).</summary>
public static class CapturedCommand
{
    public static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        var previous = AnsiConsole.Console;
        using var output = new StringWriter();
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        try
        {
            return (await Program.Main(args), output.ToString());
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
    }
}
