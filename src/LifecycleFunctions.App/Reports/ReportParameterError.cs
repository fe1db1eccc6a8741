namespace LifecycleFunctions.App.Reports;

/// <param name="Parameter">stage, asOf, channel or cohort.</param>
public sealed record ReportParameterError(string Parameter, string Detail);
