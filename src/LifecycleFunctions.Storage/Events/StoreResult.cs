namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// What a store call did: events newly stored, and events already there (duplicates, redeliveries). Among the
/// duplicates, <see cref="Conflicts"/> are the orders already captured with another amount or currency, which
/// the caller records where an operator looks.
/// </summary>
public readonly record struct StoreResult(int Stored, int Duplicates)
{
    private readonly IReadOnlyList<ConflictingOrder>? _conflicts;

    public IReadOnlyList<ConflictingOrder> Conflicts
    {
        get => _conflicts ?? [];
        init => _conflicts = value;
    }

    public static StoreResult operator +(StoreResult a, StoreResult b) =>
        new(a.Stored + b.Stored, a.Duplicates + b.Duplicates) { Conflicts = [.. a.Conflicts, .. b.Conflicts] };
}
