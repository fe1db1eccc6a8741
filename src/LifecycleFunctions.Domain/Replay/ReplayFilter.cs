namespace LifecycleFunctions.Domain.Replay;

/// <summary>Which failed input a replay takes: by source, and failed between <see cref="Since"/> and <see cref="Until"/>.</summary>
/// <param name="Sources">Source names (<c>purchase-events</c> covers its failed-events rows and its poison queue); empty for all.</param>
/// <param name="Until">The replay's start: what fails again while it runs is left for the next replay.</param>
public sealed record ReplayFilter(IReadOnlySet<string> Sources, DateTimeOffset? Since, DateTimeOffset Until)
{
    public bool Takes(string source, DateTimeOffset? failedAt) =>
        (Sources.Count == 0 || Sources.Contains(source))
        && (failedAt is not { } at || ((Since is null || at >= Since) && at <= Until));
}
