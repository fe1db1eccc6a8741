namespace LifecycleFunctions.App.Cli;

/// <summary>
/// The commands pass what they do not parse on as configuration (<c>--Storage:ConnectionString=...</c>), so a
/// misspelt option (<c>--stagee lapsed</c>) would be taken silently and the command run without it. A token that
/// starts with <c>--</c> and names no configuration key (a section path with <c>:</c>, <c>__</c> or <c>.</c>, or
/// one of the host's top-level settings) is refused instead.
/// </summary>
public static class UnknownOptions
{
    private static readonly string[] TopLevelSettings = ["AzureWebJobsStorage", "urls", "environment", "contentRoot", "applicationName", "FUNCTIONS_CUSTOMHANDLER_PORT"];

    public static string? Find(IEnumerable<string> unmatched)
    {
        foreach (var token in unmatched)
        {
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                continue;
            }

            var key = token[2..].Split('=', 2)[0];
            var isSetting = key.Contains(':', StringComparison.Ordinal) || key.Contains("__", StringComparison.Ordinal) || key.Contains('.', StringComparison.Ordinal)
                || TopLevelSettings.Contains(key, StringComparer.OrdinalIgnoreCase);
            if (!isSetting)
            {
                return token;
            }
        }

        return null;
    }

    /// <summary>Prints why and returns 2 when a token is unknown; null when the command may go on.</summary>
    public static int? Refuse(IEnumerable<string> unmatched, string command)
    {
        if (Find(unmatched) is not { } token)
        {
            return null;
        }

        Spectre.Console.AnsiConsole.MarkupLineInterpolated($"[red]Unknown option '{token}' for {command}; see lifecycle {command} --help. Settings are passed as --Section:Key=value.[/]");
        return 2;
    }
}
