using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Engine.Tests.Replay;

/// <summary>Refuses every website event with the reason a test gives (accepts when it gives none), and keeps what it was given.</summary>
public sealed class ScriptedWebsiteRecapture : IWebsiteEventRecapture
{
    public string? Refusal { get; set; }

    public List<string> Captured { get; } = [];

    public Task<string?> CaptureAsync(string body, CancellationToken cancellationToken)
    {
        Captured.Add(body);
        return Task.FromResult(Refusal);
    }
}
