using System.Buffers;
using System.Text;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// A body's bytes checked as UTF-8. System.Text.Json refuses a document with a byte that is not UTF-8 inside a
/// string or a key (an InvalidOperationException, not a JsonException), which would take every good event of a
/// batch down with one bad item. <see cref="Masked"/> is the body with each such byte replaced by '?', the same
/// length, so it parses, and the byte offsets of <see cref="InvalidOffsets"/> still locate the item or field
/// that holds them. Nothing read from the masked bytes of a bad item is kept: that item is refused.
/// </summary>
public sealed class Utf8Body
{
    public const string Rule = "utf-8";

    private readonly byte[] _original;

    private readonly List<int> _invalid;

    private Utf8Body(byte[] original, byte[] masked, List<int> invalidOffsets)
    {
        _original = original;
        Masked = masked;
        _invalid = invalidOffsets;
    }

    /// <summary>The body itself when it is valid UTF-8; otherwise a copy with each invalid byte replaced by '?'.</summary>
    public byte[] Masked { get; }

    /// <summary>The offset of each byte that is not part of a valid UTF-8 sequence, in order.</summary>
    public IReadOnlyList<int> InvalidOffsets => _invalid;

    public bool IsValid => InvalidOffsets.Count == 0;

    public static Utf8Body Inspect(byte[] body)
    {
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return new Utf8Body(body, body, []);
        }

        var masked = (byte[])body.Clone();
        var invalid = new List<int>();
        var offset = 0;
        while (offset < masked.Length)
        {
            var status = Rune.DecodeFromUtf8(masked.AsSpan(offset), out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                // InvalidData or NeedMoreData (a sequence cut short at the end): the bytes consumed are not text.
                for (var i = offset; i < offset + consumed; i++)
                {
                    masked[i] = (byte)'?';
                    invalid.Add(i);
                }
            }

            offset += consumed;
        }

        return new Utf8Body(body, masked, invalid);
    }

    /// <summary>The first invalid offset in [start, start + length), or -1. A binary search: a hostile body may hold 500 KB of them.</summary>
    public int FirstInvalidIn(int start, int length)
    {
        var at = _invalid.BinarySearch(start);
        if (at < 0)
        {
            at = ~at;
        }

        return at < _invalid.Count && _invalid[at] < start + length ? _invalid[at] : -1;
    }

    /// <summary>The first invalid offset outside every one of <paramref name="ranges"/> (in order, not overlapping), or -1.</summary>
    public int FirstInvalidOutside(IReadOnlyList<(int Start, int Length)> ranges)
    {
        var range = 0;
        foreach (var offset in _invalid)
        {
            while (range < ranges.Count && ranges[range].Start + ranges[range].Length <= offset)
            {
                range++;
            }

            if (range == ranges.Count || offset < ranges[range].Start)
            {
                return offset;
            }
        }

        return -1;
    }

    /// <summary>The original bytes of [start, start + length), to keep as sent.</summary>
    public byte[] Original(int start, int length) => _original.AsSpan(start, length).ToArray();

    /// <summary>
    /// The error for the invalid byte at <paramref name="offset"/> of the JSON in [start, start + length): the field
    /// holding it, relative to that JSON, as the other rules name fields ("properties.name"; the object's path when
    /// it is in a key, "$" for the root's).
    /// </summary>
    /// <param name="what">What the range is, for the detail: "The body", "The event".</param>
    public EventError ErrorAt(int offset, int start, int length, string what)
    {
        var (field, inKey) = JsonPathAt.Find(Masked.AsSpan(start, length), offset - start);
        var where = field is null ? string.Empty
            : inKey ? (field.Length == 0 ? " in a key" : $" in a key of '{field}'")
            : $" in '{field}'";
        return new EventError(
            string.IsNullOrEmpty(field) ? "$" : field,
            Rule,
            $"{what} is not valid UTF-8: byte {offset - start + 1} (0x{_original[offset]:X2}){where} is not part of a UTF-8 character. Send text as UTF-8.");
    }
}
