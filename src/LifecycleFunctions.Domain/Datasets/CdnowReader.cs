using System.Globalization;

namespace LifecycleFunctions.Domain.Datasets;

/// <summary>
/// Reads CDNOW_master.txt (customer id, yyyymmdd, number of CDs, dollar value; whitespace-separated, one
/// header line) and CDNOW_sample.txt (the same with the customer's id in the master file second; no header).
/// Line numbers count from the first line of the file, header included.
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

            // The sample's five columns: its own customer id, then the master file's, which is not needed.
            var at = fields.Length == 5 ? 2 : 1;
            if (fields.Length < 4
                || !DateOnly.TryParseExact(fields[at], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !int.TryParse(fields[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var cds)
                || !decimal.TryParse(fields[at + 2], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
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
