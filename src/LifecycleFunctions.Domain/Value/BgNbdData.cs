namespace LifecycleFunctions.Domain.Value;

/// <summary>
/// The rows prepared once for the many likelihood evaluations of a fit. Customers of one data set share few distinct
/// x, T and t_x values (whole days), so each evaluation takes the log-gamma terms once per distinct x and
/// ln(α + T), ln(α + t_x) once per distinct time, and the loop over rows is arithmetic plus one exp and one log.
/// </summary>
public sealed class BgNbdData
{
    private readonly int[] _xs;
    private readonly double[] _times;
    private readonly int[] _rowX;
    private readonly int[] _rowRecency;
    private readonly int[] _rowAge;
    private readonly double[] _counts;

    public BgNbdData(IReadOnlyList<BgNbdRow> rows)
    {
        _xs = [.. rows.Select(r => r.X).Distinct().Order()];
        _times = [.. rows.Select(r => r.Recency).Concat(rows.Select(r => r.Age)).Distinct().Order()];
        var xIndex = _xs.Select((x, i) => (x, i)).ToDictionary(p => p.x, p => p.i);
        var timeIndex = _times.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        _rowX = [.. rows.Select(r => xIndex[r.X])];
        _rowRecency = [.. rows.Select(r => timeIndex[r.Recency])];
        _rowAge = [.. rows.Select(r => timeIndex[r.Age])];
        _counts = [.. rows.Select(r => (double)r.Count)];
        Customers = rows.Sum(r => r.Count);
        Repeaters = rows.Where(r => r.X > 0).Sum(r => r.Count);
    }

    public long Customers { get; }

    public long Repeaters { get; }

    /// <summary>Σ count × ln L (<see cref="BgNbdLikelihood"/>'s terms, regrouped).</summary>
    public double LogLikelihood(BgNbdParameters p)
    {
        var logAlphaPlus = new double[_times.Length];
        for (var i = 0; i < _times.Length; i++)
        {
            logAlphaPlus[i] = Math.Log(p.Alpha + _times[i]);
        }

        var xTerms = new double[_xs.Length];
        var logA4Constant = new double[_xs.Length];
        var shared = -LogGamma.Of(p.R) + (p.R * Math.Log(p.Alpha)) + LogGamma.Of(p.A + p.B) - LogGamma.Of(p.B);
        for (var i = 0; i < _xs.Length; i++)
        {
            var x = _xs[i];
            xTerms[i] = shared + LogGamma.Of(p.R + x) + LogGamma.Of(p.B + x) - LogGamma.Of(p.A + p.B + x);
            logA4Constant[i] = x == 0 ? double.NegativeInfinity : Math.Log(p.A) - Math.Log(p.B + x - 1);
        }

        var total = 0.0;
        for (var row = 0; row < _counts.Length; row++)
        {
            var xi = _rowX[row];
            var power = p.R + _xs[xi];
            var logA3 = -power * logAlphaPlus[_rowAge[row]];
            var value = logA3;
            if (_xs[xi] > 0)
            {
                var logA4 = logA4Constant[xi] - (power * logAlphaPlus[_rowRecency[row]]);
                value = logA3 > logA4 ? logA3 + Math.Log(1 + Math.Exp(logA4 - logA3)) : logA4 + Math.Log(1 + Math.Exp(logA3 - logA4));
            }

            total += _counts[row] * (xTerms[xi] + value);
        }

        return total;
    }
}
