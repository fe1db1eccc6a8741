namespace LifecycleFunctions.Domain.Value;

/// <summary>The length of a tracking series' periods, counted from the start of the data.</summary>
public enum TrackingPeriod
{
    /// <summary>Seven days: the papers' tracking plots (Fader, Hardie and Lee 2005, Figure 3).</summary>
    Week,

    /// <summary>From a day to the same day of the next month.</summary>
    Month,
}
