namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The expected number of purchases over the next months, each month's discounted to today:
/// DET = Σ_{m=1..M} (E[Y(m·Δ)] - E[Y((m-1)·Δ)]) (1 + d)^(-m/12), Δ = 365/12 days, E[Y(t)] from
/// <see cref="BgNbdForecast.ExpectedPurchases"/>, d the annual rate. A month's purchases are discounted as if made at
/// its end: monthly steps keep the error of that within a twelfth of a year's discounting (under 1 % at 10 % a year)
/// while the declining purchase rate the model predicts (dropouts, and the rate learnt from the customer's past) is
/// followed month by month, which a single year-end discount of E[Y(365)] would not. CLV = DET × E[M] (Gamma-Gamma),
/// as spend is independent of the purchase process in the model (Fader, Hardie and Lee 2005, "RFM and CLV").
/// </summary>
public static class DiscountedPurchases
{
    public const double DaysPerMonth = 365.0 / 12;

    public static double Of(BgNbdParameters p, CustomerSummary customer, int months, double annualDiscountRate)
    {
        var total = 0.0;
        var previous = 0.0;
        for (var m = 1; m <= months; m++)
        {
            var cumulative = BgNbdForecast.ExpectedPurchases(p, customer.X, customer.Recency, customer.Age, ModelTime.Weeks(m * DaysPerMonth));
            total += (cumulative - previous) * Math.Pow(1 + annualDiscountRate, -m / 12.0);
            previous = cumulative;
        }

        return total;
    }
}
