namespace LifecycleFunctions.Domain.Capture;

public static class SegmentCall
{
    private static readonly Dictionary<string, string> Calls = new(StringComparer.OrdinalIgnoreCase)
    {
        ["track"] = EventTypes.Track,
        ["identify"] = EventTypes.Identify,
        ["page"] = EventTypes.Page,
        ["screen"] = EventTypes.Screen,
        ["group"] = EventTypes.Group,
        ["alias"] = EventTypes.Alias,

        // analytics.js (analytics-next) posts to these short paths.
        ["t"] = EventTypes.Track,
        ["i"] = EventTypes.Identify,
        ["p"] = EventTypes.Page,
        ["s"] = EventTypes.Screen,
        ["g"] = EventTypes.Group,
        ["a"] = EventTypes.Alias,
    };

    public static IReadOnlyCollection<string> Names => Calls.Keys;

    public static bool TryResolve(string? name, out string type)
    {
        if (name is not null && Calls.TryGetValue(name, out var resolved))
        {
            type = resolved;
            return true;
        }

        type = string.Empty;
        return false;
    }
}
