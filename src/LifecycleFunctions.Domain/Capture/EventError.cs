namespace LifecycleFunctions.Domain.Capture;

/// <summary>What is wrong with one field of one event: the field's JSON path, the rule it breaks, and a sentence for humans.</summary>
public sealed record EventError(string Field, string Rule, string Detail);
