namespace LifecycleFunctions.Domain.Replay;

/// <summary>A place failed input is recorded under (a failed-events partition, and the queue's poison queue) and where its replay goes.</summary>
/// <param name="Name">The failed-events partition: the queue name, or the HTTP batch partition.</param>
/// <param name="Target">The queue a replay is sent to (for <see cref="ReplayRoute.WebsiteCapture"/>, the collection path decides).</param>
/// <param name="HasPoisonQueue">Whether <c>&lt;Name&gt;-poison</c> exists and holds this source's poisoned messages.</param>
/// <param name="DatesByQueueing">Whether its events without <c>timestamp</c> are dated when queued, so a replay must
/// carry the first arrival's time.</param>
/// <param name="KeepsArrivalDay">
/// Whether a replay is stored under its first arrival's day (a website-events message carries its events' receipt
/// time), which the nightly recompute reads only for a few days: see <see cref="ReplayPlanner.MaxArrivalAge"/>.
/// </param>
public sealed record ReplaySource(string Name, ReplayRoute Route, string Target, ReplayIdRule IdRule, bool HasPoisonQueue, bool DatesByQueueing = false, bool KeepsArrivalDay = false);
