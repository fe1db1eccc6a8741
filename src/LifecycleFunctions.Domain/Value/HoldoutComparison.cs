namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The model's forecast of the population's repeat purchases in the hold-out (the days after CalibrationEnd up to and
/// including HoldoutEnd) against those made, for the customers who had made their first purchase by CalibrationEnd.
/// Error = Expected - Actual; PercentError relative to Actual, null when there was no actual repeat purchase.
/// </summary>
public sealed record HoldoutComparison(
    DateOnly CalibrationEnd, DateOnly HoldoutEnd, int Customers, double Expected, int Actual, double Error, double? PercentError);
