using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Messaging.ServiceBus;

namespace LifecycleFunctions.Storage.Messaging;

/// <summary>
/// A stage-changes queue message (the JSON StageMembershipWriter writes) as a Service Bus message for the topic:
/// the body as it is, MessageId the change's deterministic id so the topic's duplicate detection drops the copy a
/// rerun or a retried send publishes, Subject the new stage, and from, to and reactivation as application
/// properties for subscription filters (from is absent for a person's first stage).
/// </summary>
public static class StageChangeMessage
{
    public const string ContentType = "application/json";
    public const string FromProperty = "from";
    public const string ToProperty = "to";
    public const string ReactivationProperty = "reactivation";

    /// <summary>Service Bus refuses a longer MessageId.</summary>
    public const int MaxMessageIdLength = 128;

    /// <exception cref="FormatException">The body is not a stage change; the engine never writes one, so it is left to
    /// the queue's retries and -poison.</exception>
    public static ServiceBusMessage From(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The stage change is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var change = document.RootElement;
            if (change.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The stage change is a JSON {change.ValueKind}, not an object.");
            }

            var id = RequiredString(change, "id");
            var to = RequiredString(change, ToProperty);
            var message = new ServiceBusMessage(BinaryData.FromString(body))
            {
                MessageId = MessageIdOf(id),
                Subject = to,
                ContentType = ContentType,
            };
            if (change.TryGetProperty(FromProperty, out var from) && from.ValueKind == JsonValueKind.String)
            {
                message.ApplicationProperties[FromProperty] = from.GetString();
            }

            message.ApplicationProperties[ToProperty] = to;
            message.ApplicationProperties[ReactivationProperty] = change.TryGetProperty(ReactivationProperty, out var reactivation) && reactivation.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? reactivation.GetBoolean()
                : throw new FormatException($"The stage change {id} has no boolean '{ReactivationProperty}'.");
            return message;
        }
    }

    /// <summary>
    /// The change's id (person|stage|yyyyMMdd) when Service Bus takes it; a person key can be longer than a MessageId
    /// may be, and then its SHA-256 stands in: as deterministic, so duplicate detection still works.
    /// </summary>
    public static string MessageIdOf(string id) => id.Length <= MaxMessageIdLength
        ? id
        : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string RequiredString(JsonElement change, string property) =>
        change.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"The stage change has no '{property}'.");
}
