namespace LifecycleFunctions.Domain.Value;

/// <summary>The settings of the customer-value figures; the defaults are issue 23's.</summary>
public sealed record CustomerValueOptions
{
    /// <summary>Fewer customers with a repeat purchase than this and nothing is fitted: the estimates would be noise.</summary>
    public int MinimumRepeaters { get; init; } = 30;

    /// <summary>Annual rate the 12-month CLV is discounted at.</summary>
    public double AnnualDiscountRate { get; init; } = 0.10;

    /// <summary>A top-tier customer less likely alive than this is "high value at risk".</summary>
    public double AtRiskBelowPAlive { get; init; } = 0.5;

    /// <summary>The share of customers, by predicted CLV, in the top tier.</summary>
    public double TopTierShare { get; init; } = 0.20;

    /// <summary>The share in the middle tier, the next after the top; the rest are the low tier.</summary>
    public double MiddleTierShare { get; init; } = 0.30;

    public int ShortHorizonDays { get; init; } = 90;

    public int LongHorizonDays { get; init; } = 365;

    /// <summary>The CLV horizon in months of 365/12 days: 12 months are the long horizon's 365 days.</summary>
    public int ClvMonths { get; init; } = 12;

    /// <summary>
    /// Nelder-Mead iterations per run of the simplex (CDNOW needs about 300 in all): a fit still moving after this
    /// many is reported as not converged.
    /// </summary>
    public int MaxIterations { get; init; } = 2_000;
}
