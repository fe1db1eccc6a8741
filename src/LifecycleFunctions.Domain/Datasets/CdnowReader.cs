using System.Globalization;

namespace LifecycleFunctions.Domain.Datasets;

/// <summary>
/// Reads CDNOW_master.txt (customer id, yyyymmdd, number of CDs, dollar value; whitespace-separated, one
/// header line). Line numbers count from the first line of the file, header included.
/// </summary>
public static class CdnowReader
{
    public static IEnumerable<CdnowPurchase> Read(TextReader reader)
    {
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !char.IsAsciiDigit(fields[0][0]))
            {
                continue;
            }

            if (fields.Length < 4
                || !DateOnly.TryParseExact(fields[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var cds)
                || !decimal.TryParse(fields[3], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
            {
                throw new FormatException($"CDNOW line {lineNumber} is not 'customer yyyymmdd cds dollars': '{line}'.");
            }

            yield return new CdnowPurchase(fields[0], date, cds, amount, lineNumber);
        }
    }

    public static IEnumerable<CdnowPurchase> ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        foreach (var purchase in Read(reader))
        {
            yield return purchase;
        }
    }
}
