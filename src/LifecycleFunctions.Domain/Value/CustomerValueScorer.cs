namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// Every customer's figures from a model (this run's, or the previous run's kept when this one's fit failed: the
/// parameters do not depend on the day, each summary brings its own T). The BG/NBD figures depend only on
/// (x, t_x, T), so they are computed once per distinct row. Returned ranked by CLV, highest first.
/// </summary>
public static class CustomerValueScorer
{
    public static IReadOnlyList<CustomerValue> Score(CustomerValueModel model, IEnumerable<CustomerSummary> summaries, CustomerValueOptions options)
    {
        var bg = model.BgNbd.Parameters;
        var gg = model.GammaGamma.Parameters;
        var byRow = new Dictionary<(int, int, int), (double PAlive, double Short, double Long, double Discounted)>();
        var figures = new List<CustomerValue>();
        foreach (var s in summaries)
        {
            var key = (s.X, s.RecencyDays, s.AgeDays);
            if (!byRow.TryGetValue(key, out var row))
            {
                byRow[key] = row = (
                    BgNbdForecast.PAlive(bg, s.X, s.Recency, s.Age),
                    BgNbdForecast.ExpectedPurchases(bg, s.X, s.Recency, s.Age, ModelTime.Weeks(options.ShortHorizonDays)),
                    BgNbdForecast.ExpectedPurchases(bg, s.X, s.Recency, s.Age, ModelTime.Weeks(options.LongHorizonDays)),
                    DiscountedPurchases.Of(bg, s, options.ClvMonths, options.AnnualDiscountRate));
            }

            // A repeat customer whose refunds left nothing of their repeat spend is valued as one never seen to repeat.
            var value = s.MeanRepeatValue is { } mean && mean > 0 ? gg.ExpectedValue(s.X, (double)mean) : gg.PopulationMean;
            figures.Add(new CustomerValue(s.CustomerId, row.PAlive, row.Short, row.Long, value, row.Discounted * value, ValueTier.Low, false));
        }

        return ValueSegmenter.Segment(figures, options);
    }
}
