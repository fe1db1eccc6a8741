namespace LifecycleFunctions.Domain.Lifecycle;

/// <summary>A stretch of time a person spent in one stage, as CRM tools keep stage history.</summary>
public sealed record StageSpell(LifecycleStage Stage, DateOnly Entered, DateOnly? Exited, LifecycleStage? Previous, bool IsReactivation)
{
    /// <summary>Days in the stage until it was left, or until <paramref name="asOf"/> while still in it.</summary>
    public int DaysInStage(DateOnly asOf) => (Exited ?? asOf).DayNumber - Entered.DayNumber;
}
