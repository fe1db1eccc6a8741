namespace LifecycleFunctions.Engine.Reports;

/// <param name="MemberRows">Rows written to each member sheet, by sheet name.</param>
/// <param name="Dropped">Members beyond what the planned sheets could hold (only if the member lists outgrew the funnel
/// counts they were planned from).</param>
public sealed record WorkbookExportResult(IReadOnlyDictionary<string, int> MemberRows, long Dropped)
{
    public long TotalMemberRows => MemberRows.Values.Sum(v => (long)v);
}
