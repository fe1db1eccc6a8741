namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// How long a polling loop waits after storage failed it: a second, doubling up to the polling interval's
/// ceiling, so the loop notices soon that a short outage is over and does not poll a long one every second.
/// </summary>
public static class PollingBackoff
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(1);

    /// <param name="ceiling">The longest wait (host.json maxPollingInterval for a queue).</param>
    public static TimeSpan First(TimeSpan ceiling) => Start < ceiling ? Start : ceiling;

    public static TimeSpan Next(TimeSpan current, TimeSpan ceiling) => TimeSpan.FromTicks(Math.Min(current.Ticks * 2, ceiling.Ticks));
}
