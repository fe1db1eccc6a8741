namespace LifecycleFunctions.Storage.Events;

/// <summary>What a store call did: events newly stored, and events already there (duplicates, redeliveries).</summary>
public readonly record struct StoreResult(int Stored, int Duplicates)
{
    public static StoreResult operator +(StoreResult a, StoreResult b) => new(a.Stored + b.Stored, a.Duplicates + b.Duplicates);
}
