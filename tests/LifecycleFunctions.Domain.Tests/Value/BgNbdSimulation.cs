using LifecycleFunctions.Domain.Value;

namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>
/// Customers drawn from the BG/NBD story itself (Fader, Hardie and Lee 2005, section 3): λ ~ Gamma(r, α), p ~ Beta(a, b),
/// purchases a Poisson process at λ from the first purchase at 0, a dropout with probability p after each repeat
/// purchase; observed for T weeks. Times are whole days, as the summaries give them (first purchases spread over 32
/// weeks, so T is 140 to 364 days). Seeded, so every run draws the same customers.
/// </summary>
public static class BgNbdSimulation
{
    public static IReadOnlyList<BgNbdRow> Draw(BgNbdParameters truth, int customers, int seed)
    {
        var random = new Random(seed);
        var rows = new List<BgNbdRow>(customers);
        for (var i = 0; i < customers; i++)
        {
            var ageDays = random.Next(140, 365);
            var age = ModelTime.Weeks(ageDays);
            var rate = GammaSampler.Draw(random, truth.R) / truth.Alpha;
            var pA = GammaSampler.Draw(random, truth.A);
            var dropout = pA / (pA + GammaSampler.Draw(random, truth.B));
            var (x, last, time) = (0, 0.0, 0.0);
            while (true)
            {
                time += -Math.Log(1 - random.NextDouble()) / rate;
                if (time > age)
                {
                    break;
                }

                (x, last) = (x + 1, time);
                if (random.NextDouble() < dropout)
                {
                    break;
                }
            }

            rows.Add(new BgNbdRow(x, ModelTime.Weeks(Math.Floor(last * ModelTime.DaysPerWeek)), age, 1));
        }

        return [.. rows.GroupBy(r => (r.X, r.Recency, r.Age)).Select(g => g.First() with { Count = g.LongCount() })];
    }
}
