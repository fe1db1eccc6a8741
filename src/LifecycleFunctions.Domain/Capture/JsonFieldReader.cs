using System.Globalization;
using System.Text.Json;

namespace LifecycleFunctions.Domain.Capture;

/// <summary>
/// Reads typed fields out of a JSON object and collects one <see cref="EventError"/> per broken rule,
/// so a sender learns about every problem of an event at once rather than one per retry.
/// </summary>
public sealed class JsonFieldReader
{
    // ISO-8601 calendar date first ("2026-11-23", "2026-11-23T10:15:00Z"); DateTimeOffset.TryParse alone also takes "11/23/2026".
    private static readonly System.Text.RegularExpressions.Regex IsoDate = new(@"^\d{4}-\d{2}-\d{2}([T ]|$)", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly List<EventError> _errors = [];
    private readonly string _prefix;

    public JsonFieldReader(string prefix = "")
    {
        _prefix = prefix;
    }

    public IReadOnlyList<EventError> Errors => _errors;
    public bool HasErrors => _errors.Count > 0;

    public void Fail(string field, string rule, string detail) => _errors.Add(new EventError(_prefix + field, rule, detail));

    private void FailUnicode(string path) =>
        Fail(path, JsonText.UnicodeRule, $"'{path}' holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not text; send valid Unicode (a character outside the BMP is a pair, \\ud83d\\ude00).");

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A string field. Ids sent as JSON numbers are accepted as their text, as Segment does.</summary>
    public string? OptionalText(JsonElement obj, string name, string? path = null, bool acceptNumber = false, int maxLength = SegmentLimits.MaxIdLength)
    {
        path ??= name;
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        string? read = null;
        if (value.ValueKind == JsonValueKind.String && !JsonText.TryRead(value, out read))
        {
            FailUnicode(path);
            return null;
        }

        string? text = value.ValueKind switch
        {
            JsonValueKind.String => read,
            JsonValueKind.Number when acceptNumber => value.GetRawText(),
            _ => null,
        };

        if (text is null)
        {
            Fail(path, "type:string", $"'{path}' must be a string{(acceptNumber ? " or a number" : string.Empty)}, not {Describe(value.ValueKind)}.");
            return null;
        }

        if (text.Length > maxLength)
        {
            Fail(path, "max-length", $"'{path}' is {text.Length} characters long; the limit is {maxLength}.");
            return null;
        }

        // Blank ids would file events under a key like "u: " that no one can ever send again.
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    public string? RequiredText(JsonElement obj, string name, string? path = null, bool acceptNumber = false, int maxLength = SegmentLimits.MaxIdLength)
    {
        path ??= name;
        var hadErrors = _errors.Count;
        var text = OptionalText(obj, name, path, acceptNumber, maxLength);
        if (text is null && _errors.Count == hadErrors)
        {
            Fail(path, "required", $"'{path}' is required.");
        }

        return text;
    }

    public DateTimeOffset? OptionalTimestamp(JsonElement obj, string name, string? path = null)
    {
        path ??= name;
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        string? text = null;
        if (value.ValueKind == JsonValueKind.String && !JsonText.TryRead(value, out text))
        {
            FailUnicode(path);
            return null;
        }

        if (text is null || !TryParseTimestamp(text, out var parsed))
        {
            Fail(path, "iso-8601", $"'{path}' must be an ISO-8601 date-time string such as 2026-11-23T10:15:00Z.");
            return null;
        }

        return parsed;
    }

    /// <summary>The timestamps this reader accepts, for code that must take exactly what capture takes.</summary>
    internal static bool TryParseTimestamp(string text, out DateTimeOffset parsed)
    {
        parsed = default;
        return IsoDate.IsMatch(text)
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out parsed);
    }

    public decimal? OptionalNumber(JsonElement obj, string name, string? path = null, bool nonNegative = false)
    {
        path ??= name;
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        decimal number;
        string sent;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d))
        {
            number = d;
            sent = value.GetRawText();
        }
        else if (value.ValueKind == JsonValueKind.String
                 && JsonText.OrNull(value) is { } numberText
                 && decimal.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out var fromText))
        {
            // Order systems often send money as strings to dodge float rounding; accept them.
            number = fromText;
            sent = numberText;
        }
        else if (value.ValueKind == JsonValueKind.Number)
        {
            Fail(path, "range", $"'{path}' is out of range ({value.GetRawText()}).");
            return null;
        }
        else
        {
            Fail(path, "type:number", $"'{path}' must be a number, not {Describe(value.ValueKind)}.");
            return null;
        }

        if (!ExactDecimal.Matches(sent, number))
        {
            Fail(path, ExactDecimal.PrecisionRule, $"'{path}' is {Shorten(sent)}, which has more digits than an amount keeps (28 significant digits, none below 1e-28); it would be stored as {number.ToString(CultureInfo.InvariantCulture)}. Send the amount rounded as it is meant.");
            return null;
        }

        if (nonNegative && number < 0)
        {
            Fail(path, "non-negative", $"'{path}' must not be negative (got {number.ToString(CultureInfo.InvariantCulture)}).");
            return null;
        }

        if (AmountLimit.Exceeds(number))
        {
            Fail(path, AmountLimit.Rule, AmountLimit.Describe($"'{path}'", number));
            return null;
        }

        return number;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    public int? OptionalPositiveInteger(JsonElement obj, string name, string? path = null)
    {
        path ??= name;
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < 1)
        {
            Fail(path, "positive-integer", $"'{path}' must be a whole number of at least 1.");
            return null;
        }

        return n;
    }

    /// <summary>An optional object field; returns default when absent, and records an error when present but not an object.</summary>
    public JsonElement OptionalObject(JsonElement obj, string name, string? path = null)
    {
        path ??= name;
        if (!TryGet(obj, name, out var value))
        {
            return default;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(path, "type:object", $"'{path}' must be a JSON object, not {Describe(value.ValueKind)}.");
            return default;
        }

        return value;
    }

    public JsonElement OptionalArray(JsonElement obj, string name, string? path = null)
    {
        path ??= name;
        if (!TryGet(obj, name, out var value))
        {
            return default;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(path, "type:array", $"'{path}' must be a JSON array, not {Describe(value.ValueKind)}.");
            return default;
        }

        return value;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
