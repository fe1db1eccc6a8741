using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// The form in which ids from outside become keys of the store. Table Storage forbids '/', '\', '#', '?' and
/// control characters in keys and holds at most 1 KiB of UTF-16 per key (512 characters: "Understanding the
/// Table service data model", learn.microsoft.com; Azurite enforces the same, DEFAULT_KEY_MAX_LENGTH = 512).
/// Forbidden characters (and the escape character itself) are percent-encoded, which keeps keys readable and
/// unique but makes them up to three times longer than the id: limits must be checked on this form.
/// Pure, so capture can refuse an id whose key the store would refuse, where the input is validated.
/// </summary>
public static class StoredKey
{
    public const int MaxLength = 512;

    private const int DigestPrefixLength = 200;

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
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The length of <see cref="Escape"/>'s result, without building it.</summary>
    public static int EscapedLength(string value)
    {
        var length = value.Length;
        foreach (var c in value)
        {
            if (IsForbidden(c))
            {
                // "%2F": a control character above U+00FF would take more digits, but IsControl stops at U+009F.
                length += 2;
            }
        }

        return length;
    }

    /// <summary>
    /// A key for a record about input that may itself be unstorable (a failed event named by its over-long id):
    /// the escaped id when it fits, else its start and a hash of the whole, so the same input keeps one row.
    /// </summary>
    public static string EscapeOrDigest(string value)
    {
        var escaped = Escape(value);
        if (escaped.Length <= MaxLength)
        {
            return escaped;
        }

        // Cut between escapes, never inside one ("%2" would read as another character).
        var cut = 0;
        for (var length = 0; cut < value.Length && length + (IsForbidden(value[cut]) ? 3 : 1) <= DigestPrefixLength; cut++)
        {
            length += IsForbidden(value[cut]) ? 3 : 1;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        return string.Concat(Escape(value[..cut]), "~", hash);
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
