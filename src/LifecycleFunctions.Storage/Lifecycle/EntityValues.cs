using System.Globalization;
using Azure.Data.Tables;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// How the analytics tables store what Table Storage has no type for: a run day as a key, a day as midnight UTC,
/// money as invariant text (a double would not keep the decimal's cents exactly).
/// </summary>
public static class EntityValues
{
    public static string DayKey(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDayKey(string key) => DateOnly.ParseExact(key, "yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateTimeOffset Date(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateOnly? Day(TableEntity e, string name) =>
        e.GetDateTimeOffset(name) is { } value ? DateOnly.FromDateTime(value.UtcDateTime) : null;

    public static string Money(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    public static decimal? Money(TableEntity e, string name) =>
        e.GetString(name) is { } text ? decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture) : null;

    /// <summary>Sets the property only when there is a value: an absent property reads back as null.</summary>
    public static void SetIfAny(TableEntity e, string name, double? value)
    {
        if (value is { } v)
        {
            e[name] = v;
        }
    }

    /// <inheritdoc cref="SetIfAny(TableEntity, string, double?)"/>
    public static void SetIfAny(TableEntity e, string name, decimal? amount)
    {
        if (amount is { } a)
        {
            e[name] = Money(a);
        }
    }
}
