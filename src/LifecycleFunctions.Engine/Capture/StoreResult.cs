namespace LifecycleFunctions.Engine.Capture;

/// <summary>
/// What a store call did: events newly stored, and events already there (duplicates, redeliveries). Among the
/// duplicates, <see cref="Conflicts"/> are the orders already captured with another amount or currency, which
/// the caller records where an operator looks. <see cref="Refused"/> are events the store would not keep for
/// what they hold (none since capture checks their keys; the guard for what a check misses): the caller records
/// them too, and the rest of the call is stored all the same.
/// </summary>
public readonly record struct StoreResult(int Stored, int Duplicates)
{
    private readonly IReadOnlyList<ConflictingOrder>? _conflicts;
    private readonly IReadOnlyList<RefusedEvent>? _refused;

    public IReadOnlyList<ConflictingOrder> Conflicts
    {
        get => _conflicts ?? [];
        init => _conflicts = value;
    }

    public IReadOnlyList<RefusedEvent> Refused
    {
        get => _refused ?? [];
        init => _refused = value;
    }

    public static StoreResult operator +(StoreResult a, StoreResult b) =>
        new(a.Stored + b.Stored, a.Duplicates + b.Duplicates) { Conflicts = [.. a.Conflicts, .. b.Conflicts], Refused = [.. a.Refused, .. b.Refused] };
}
