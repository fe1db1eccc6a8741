using System.Text.RegularExpressions;

namespace LifecycleFunctions.Domain.Replay;

/// <summary>
/// A reason in a few words, so a dry run can count records by cause: the fields and rules a record broke
/// (without the batch index and the detail), or the function and exception that poisoned a message.
/// </summary>
public static partial class ReplayReason
{
    private const int MaxLength = 100;

    public static string Group(string reason)
    {
        if (reason.StartsWith(FailedInput.PoisonedPrefix, StringComparison.Ordinal))
        {
            var function = PoisonedFunction().Match(reason);
            var last = reason.IndexOf("; last: ", StringComparison.Ordinal);
            var cause = last < 0 ? null : reason[(last + "; last: ".Length)..].Split([':', '('], 2)[0].Trim();
            return function.Success
                ? $"{FailedInput.PoisonedPrefix} {function.Groups[1].Value}{(string.IsNullOrEmpty(cause) ? string.Empty : $" ({cause})")}"
                : Shorten(reason);
        }

        var rules = FieldRule().Matches(reason).Select(m => $"{m.Groups[1].Value} [{m.Groups[2].Value}]").Distinct().ToList();
        if (rules.Count > 0)
        {
            return string.Join("; ", rules);
        }

        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return Shorten(colon > 0 ? reason[..colon] : reason);
    }

    /// <summary>The rules a record's reason names ("future" of "batch[1] timestamp [future]: …").</summary>
    public static IReadOnlyList<string> Rules(string reason) =>
        reason.StartsWith(FailedInput.PoisonedPrefix, StringComparison.Ordinal) ? [] : [.. FieldRule().Matches(reason).Select(m => m.Groups[2].Value).Distinct()];

    private static string Shorten(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        // Half of a surrogate pair is not text: the console shows it as garbage.
        var length = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return text[..length] + "…";
    }

    // "failed on each of": the planner's own "Poisoned: no failed-events record" is not a function named "no".
    [GeneratedRegex(@"^Poisoned: (\S+) failed on each of ")]
    private static partial Regex PoisonedFunction();

    [GeneratedRegex(@"(?:^|; )(?:batch\[\d+\] )?(\S+) \[([^\]]+)\]:")]
    private static partial Regex FieldRule();
}
