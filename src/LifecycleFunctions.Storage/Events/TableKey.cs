using System.Text;

namespace LifecycleFunctions.Storage.Events;

/// <summary>
/// Table Storage forbids '/', '\', '#', '?' and control characters in keys, while message ids and order ids
/// come from outside. Forbidden characters (and the escape character itself) are percent-encoded, which keeps
/// keys readable and unique.
/// </summary>
public static class TableKey
{
    public static string Escape(string value)
    {
        if (!NeedsEscape(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (IsForbidden(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(string value)
    {
        foreach (var c in value)
        {
            if (IsForbidden(c))
            {
                return true;
            }
        }

        return false;
    }

    // '|' is escaped too so that composite keys ("{person}|{date}") can use it as a separator.
    private static bool IsForbidden(char c) => c is '/' or '\\' or '#' or '?' or '%' or '|' || char.IsControl(c);
}
