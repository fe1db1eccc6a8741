namespace LifecycleFunctions.Domain.Tests.Value;

/// <summary>Rounds to n significant figures, so a published "0.243" can be compared with a fitted 0.24259...</summary>
public static class SignificantFigures
{
    public static double Round(double value, int figures)
    {
        if (value == 0)
        {
            return 0;
        }

        var decimals = figures - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value)));
        return decimals >= 0
            ? Math.Round(value, decimals, MidpointRounding.AwayFromZero)
            : Math.Round(value / Math.Pow(10, -decimals)) * Math.Pow(10, -decimals);
    }
}
