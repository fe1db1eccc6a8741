namespace LifecycleFunctions.Storage.Events;

/// <summary>One caller's share of a group commit: entities stored, already there, and refused for what they hold.</summary>
public sealed record BatchedInsert(int Stored, int Duplicates, IReadOnlyList<RefusedEntity> Refused);
