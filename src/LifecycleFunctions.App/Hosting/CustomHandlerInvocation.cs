using System.Globalization;
using System.Text.Json;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// The request the Azure Functions host sends a custom handler for a non-HTTP trigger:
/// <c>{"Data": {"&lt;binding&gt;": ...}, "Metadata": {...}}</c>, and how to read a queue message or a timer tick out of it.
/// </summary>
public static class CustomHandlerInvocation
{
    public static QueueTriggerMessage ReadQueueMessage(JsonElement invocation, FunctionDeclaration declaration, DateTimeOffset now)
    {
        var data = Property(invocation, "Data") ?? throw new JsonException("The invocation has no Data.");
        var message = Property(data, declaration.Trigger.Name) ?? throw new JsonException($"The invocation's Data has no '{declaration.Trigger.Name}' binding.");

        // The host passes the message text as a JSON string; a message that was JSON may arrive already parsed.
        var body = message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();
        var metadata = Property(invocation, "Metadata");
        var dequeueCount = metadata is { } m && Property(m, "DequeueCount") is { } count
            ? count.ValueKind == JsonValueKind.Number ? count.GetInt64() : long.Parse(count.GetString()!, CultureInfo.InvariantCulture)
            : 1;
        var id = metadata is { } m2 && Property(m2, "Id") is { } idValue ? idValue.ToString() : Guid.NewGuid().ToString();
        DateTimeOffset? inserted = metadata is { } m3 && Property(m3, "InsertionTime") is { ValueKind: JsonValueKind.String } insertion
            && DateTimeOffset.TryParse(insertion.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : now;
        return new QueueTriggerMessage(declaration.Trigger.QueueName ?? declaration.Name, id.Trim('"'), body, dequeueCount, inserted);
    }

    public static TimerTriggerInfo ReadTimer(JsonElement invocation, FunctionDeclaration declaration, DateTimeOffset now)
    {
        var timer = Property(invocation, "Data") is { } data ? Property(data, declaration.Trigger.Name) : null;
        var pastDue = timer is { } t && Property(t, "IsPastDue") is { ValueKind: JsonValueKind.True };
        var status = timer is { } t2 ? Property(t2, "ScheduleStatus") : null;
        return new TimerTriggerInfo(pastDue, now, Time(status, "Last"), Time(status, "Next") ?? now);
    }

    // The host reads Outputs, Logs and ReturnValue as named, not camel-cased as ASP.NET would write them.
    private static readonly JsonSerializerOptions ReplyJson = new();

    /// <summary>The reply the host expects: outputs by binding name, log lines, and a return value.</summary>
    public static Microsoft.AspNetCore.Http.IResult Reply(IReadOnlyList<string> logs, int status = 200) => Microsoft.AspNetCore.Http.Results.Json(
        new { Outputs = new Dictionary<string, object?>(), Logs = logs, ReturnValue = (object?)null },
        ReplyJson,
        statusCode: status);

    private static DateTimeOffset? Time(JsonElement? status, string name) =>
        status is { } s && Property(s, name) is { ValueKind: JsonValueKind.String } value
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    // The host's casing varies between versions (Data/data, IsPastDue/isPastDue).
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
