namespace LifecycleFunctions.App.Demo;

/// <summary>One generated person's ids and first-touch channel; <paramref name="Id"/> keeps message ids stable for a seed.</summary>
public sealed record GeneratedPerson(string AnonymousId, string UserId, string Id, (string Source, string Medium, string Campaign, string? Referrer) Channel);
