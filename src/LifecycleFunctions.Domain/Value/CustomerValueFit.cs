namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The outcome of fitting: the model when it is usable; otherwise the problem and a sentence for the reader, and the
/// model anyway when the fits ran (for the report), which the caller should not use: it keeps the previous run's.
/// </summary>
public sealed record CustomerValueFit(long Customers, long Repeaters, CustomerValueModel? Model, ValueFitProblem? Problem, string? Reason)
{
    public bool Usable => Problem is null && Model is not null;
}
