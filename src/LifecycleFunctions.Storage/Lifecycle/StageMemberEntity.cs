using System.Globalization;
using Azure.Data.Tables;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Storage.Lifecycle;

/// <summary>
/// The stagemembers table's schema, shared by the writer (<see cref="StageMembershipWriter"/>) and the reader
/// (<see cref="Reports.StageMemberReader"/>): partition = the stage, row = the person key escaped.
/// </summary>
public static class StageMemberEntity
{
    /// <summary>What a reader selects: the properties <see cref="FromEntity"/> reads.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["PersonKey", "Entered", "FirstTouchChannel", "Orders", "Revenue", "LastOrder", "Email"];

    public static string Partition(LifecycleStage stage) => stage.ToString();

    public static string RowKey(string personKey) => StoredKey.Escape(personKey);

    public static TableEntity ToEntity(StageMember m)
    {
        var entity = new TableEntity(Partition(m.Stage), RowKey(m.PersonKey))
        {
            ["PersonKey"] = m.PersonKey,
            ["Stage"] = m.Stage.ToString(),
            ["Entered"] = Date(m.Entered),
            ["FirstTouchChannel"] = m.FirstTouchChannel,
            ["Orders"] = m.Orders,
            ["Revenue"] = m.Revenue.ToString(CultureInfo.InvariantCulture),
            ["NextAction"] = m.NextAction,
        };
        if (m.LastOrder is { } last)
        {
            entity["LastOrder"] = Date(last);
        }

        if (m.Email is not null)
        {
            entity["Email"] = m.Email;
        }

        return entity;
    }

    public static StageMember FromEntity(TableEntity e, LifecycleStage stage) => new(
        e.GetString("PersonKey"),
        stage,
        Day(e.GetDateTimeOffset("Entered"))!.Value,
        e.GetString("FirstTouchChannel") ?? string.Empty,
        e.GetInt32("Orders") ?? 0,
        e.GetString("Revenue") is { } revenue ? decimal.Parse(revenue, NumberStyles.Number, CultureInfo.InvariantCulture) : 0m,
        Day(e.GetDateTimeOffset("LastOrder")),
        e.GetString("Email"));

    private static DateTimeOffset Date(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateOnly? Day(DateTimeOffset? value) => value is { } v ? DateOnly.FromDateTime(v.UtcDateTime) : null;
}
