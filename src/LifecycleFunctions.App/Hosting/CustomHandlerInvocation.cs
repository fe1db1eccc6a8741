using System.Globalization;
using System.Text.Json;
using LifecycleFunctions.Engine.Capture;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// The request the Azure Functions host sends a custom handler for a non-HTTP trigger:
/// <c>{"Data": {"&lt;binding&gt;": ...}, "Metadata": {...}}</c>, and how to read a queue message or a timer tick out of it.
/// </summary>
public static class CustomHandlerInvocation
{
    /// <summary>
    /// Reads the message of a Storage queue trigger (metadata DequeueCount, Id, InsertionTime) or of a Service Bus
    /// trigger (DeliveryCount, MessageId, EnqueuedTimeUtc): the same message to the function, so failed-events
    /// records and retries work alike. The queue name is the trigger's queueName (or topicName).
    /// </summary>
    public static QueueTriggerMessage ReadQueueMessage(JsonElement invocation, FunctionDeclaration declaration, DateTimeOffset now)
    {
        var data = Property(invocation, "Data") ?? throw new JsonException("The invocation has no Data.");
        var message = Property(data, declaration.Trigger.Name) ?? throw new JsonException($"The invocation's Data has no '{declaration.Trigger.Name}' binding.");

        // The host passes the message text as a JSON string; a message that was JSON may arrive already parsed.
        var body = message.ValueKind == JsonValueKind.String ? Unwrap(message.GetString()!) : message.GetRawText();
        var metadata = Property(invocation, "Metadata");
        var (countName, idName, timeNames) = declaration.IsServiceBus
            ? ("DeliveryCount", "MessageId", new[] { "EnqueuedTimeUtc", "EnqueuedTime" })
            : ("DequeueCount", "Id", new[] { "InsertionTime" });
        var count = Scalar(metadata, countName) is { } c && long.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1;
        var id = Scalar(metadata, idName) is { Length: > 0 } i ? i : Guid.NewGuid().ToString();
        DateTimeOffset? inserted = timeNames.Select(t => Scalar(metadata, t)).FirstOrDefault(t => t is not null) is { } time
            && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : now;
        var queue = declaration.Trigger.QueueName ?? declaration.Trigger.TopicName ?? declaration.Name;
        return new QueueTriggerMessage(queue, id, body, count, inserted);
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

    /// <summary>The reply the host expects: outputs by binding name (none here), log lines, and a return value.</summary>
    public static Microsoft.AspNetCore.Http.IResult Reply(IReadOnlyList<string> logs, int status = 200) => Microsoft.AspNetCore.Http.Results.Json(
        new { Outputs = new Dictionary<string, object?>(), Logs = logs, ReturnValue = (object?)null },
        ReplyJson,
        statusCode: status);

    private static DateTimeOffset? Time(JsonElement? status, string name) =>
        status is { } s && Property(s, name) is { ValueKind: JsonValueKind.String } value
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>
    /// The host serializes a string input or metadata value with JSON.NET before it writes the request, so a
    /// message text arrives JSON-encoded twice and a message id arrives with its quotes; a string that is itself
    /// a JSON string literal is unwrapped once. A message whose text is a JSON string literal would be invalid
    /// for every parser here anyway.
    /// </summary>
    internal static string Unwrap(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(value) ?? value;
        }
        catch (JsonException)
        {
            return value;
        }
    }

    /// <summary>A metadata value as text: numbers arrive as numbers or as strings, strings possibly with their quotes.</summary>
    private static string? Scalar(JsonElement? metadata, string name) =>
        metadata is { } m && Property(m, name) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.String => Unwrap(value.GetString()!),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

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
