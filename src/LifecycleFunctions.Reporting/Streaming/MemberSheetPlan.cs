using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Reporting.Streaming;

/// <summary>One member sheet: a stage's members, or a consecutive part of them when they exceed one sheet's rows.</summary>
/// <param name="Capacity">Member rows this sheet takes before the next part continues.</param>
public sealed record MemberSheetPlan(LifecycleStage Stage, int Part, int Parts, int Capacity, int ExpectedMembers)
{
    public string SheetName => Parts == 1 ? Stage.ToString() : $"{Stage} ({Part})";

    public string TableName => Parts == 1 ? $"Members_{Stage}" : $"Members_{Stage}_{Part}";
}
