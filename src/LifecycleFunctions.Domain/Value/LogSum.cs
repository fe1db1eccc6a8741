namespace LifecycleFunctions.Domain.Value;

/// <summary>ln(e^a + e^b) without leaving log space: the BG/NBD likelihood adds two terms that underflow a double for large x.</summary>
public static class LogSum
{
    public static double Of(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
