using System.CommandLine;
using LifecycleFunctions.App.Hosting;

namespace LifecycleFunctions.App.Cli;

/// <summary>`lifecycle serve`: the standalone host. Unrecognised arguments go to .NET configuration (--Storage:ConnectionString=...).</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://127.0.0.1:5080.",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var command = new Command("serve", "Serve the HTTP functions and run the queue functions against the configured storage (a local Azurite by default).")
        {
            urls,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (UnknownOptions.Refuse(parse.UnmatchedTokens, "serve") is { } refused)
            {
                return refused;
            }

            var args = parse.UnmatchedTokens.Concat(["--urls", parse.GetValue(urls)!]).ToArray();
            await using var app = LifecycleHost.Build(args);
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
