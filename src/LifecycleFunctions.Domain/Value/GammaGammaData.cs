namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The Gamma-Gamma rows prepared once for a fit: ln z̄ and ln x do not depend on the parameters and are kept; the
/// log-gamma terms depend on x only and are taken once per distinct x; per row one log is left, ln(γ + x z̄).
/// </summary>
public sealed class GammaGammaData
{
    private readonly int[] _xs;
    private readonly int[] _rowX;
    private readonly double[] _xTimesMean;
    private readonly double[] _logMean;
    private readonly double[] _counts;

    public GammaGammaData(IReadOnlyList<GammaGammaRow> rows)
    {
        _xs = [.. rows.Select(r => r.X).Distinct().Order()];
        var xIndex = _xs.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        _rowX = [.. rows.Select(r => xIndex[r.X])];
        _xTimesMean = [.. rows.Select(r => r.X * r.MeanValue)];
        _logMean = [.. rows.Select(r => Math.Log(r.MeanValue))];
        _counts = [.. rows.Select(r => (double)r.Count)];
        Customers = rows.Sum(r => r.Count);
        MeanValue = rows.Sum(r => r.Count * r.MeanValue) / Math.Max(1, Customers);
    }

    public long Customers { get; }

    /// <summary>The customers' mean of their mean repeat values.</summary>
    public double MeanValue { get; }

    /// <summary>Σ count × <see cref="GammaGammaLikelihood.Of"/>, regrouped.</summary>
    public double LogLikelihood(GammaGammaParameters p)
    {
        var xTerms = new double[_xs.Length];
        var shared = -LogGamma.Of(p.Q) + (p.Q * Math.Log(p.Gamma));
        for (var i = 0; i < _xs.Length; i++)
        {
            var px = p.P * _xs[i];
            xTerms[i] = shared + LogGamma.Of(px + p.Q) - LogGamma.Of(px) + (px * Math.Log(_xs[i]));
        }

        var total = 0.0;
        for (var row = 0; row < _counts.Length; row++)
        {
            var px = p.P * _xs[_rowX[row]];
            var value = xTerms[_rowX[row]] + ((px - 1) * _logMean[row]) - ((px + p.Q) * Math.Log(p.Gamma + _xTimesMean[row]));
            total += _counts[row] * value;
        }

        return total;
    }
}
