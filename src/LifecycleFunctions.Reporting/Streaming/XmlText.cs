namespace LifecycleFunctions.Reporting.Streaming;

/// <summary>
/// Person keys, emails and channels come from tracking scripts; XML 1.0 cannot carry most control characters or
/// lone surrogates, and one such character would make the whole workbook unreadable. They are dropped.
/// </summary>
public static class XmlText
{
    public static string Clean(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!IsAllowed(value, i))
            {
                return Strip(value);
            }
        }

        return value;
    }

    private static string Strip(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (IsAllowed(value, i))
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsAllowed(string value, int i)
    {
        var c = value[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i > 0 && char.IsHighSurrogate(value[i - 1]);
        }

        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
    }
}
