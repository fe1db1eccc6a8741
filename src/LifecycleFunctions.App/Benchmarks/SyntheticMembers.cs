using System.Globalization;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// A seeded stream of one stage's members, generated on the fly so that the export benchmark measures the
/// writer's memory and not a list of a million members held by the benchmark itself.
/// </summary>
public static class SyntheticMembers
{
    private static readonly string[] Channels = ["google", "facebook", "newsletter", "direct", "instagram", "referral"];

    public static IEnumerable<StageMember> Generate(LifecycleStage stage, int count, DateOnly asOf, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var entered = asOf.AddDays(-random.Next(0, 400));
            var orders = random.Next(1, 12);
            var revenue = Math.Round(orders * (10 + (decimal)random.NextDouble() * 90), 2);
            yield return new StageMember(
                string.Create(CultureInfo.InvariantCulture, $"u:customer-{random.Next():x8}-{i}"),
                stage,
                entered,
                Channels[random.Next(Channels.Length)],
                orders,
                revenue,
                entered.AddDays(random.Next(0, Math.Max(1, asOf.DayNumber - entered.DayNumber))),
                random.Next(3) == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"customer{i}@example.com"));
        }
    }

    public static async IAsyncEnumerable<StageMember> Stream(LifecycleStage stage, int count, DateOnly asOf, int seed)
    {
        foreach (var member in Generate(stage, count, asOf, seed))
        {
            yield return member;
        }

        await Task.CompletedTask;
    }
}
