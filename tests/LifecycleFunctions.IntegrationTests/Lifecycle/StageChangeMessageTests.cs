using System.Text.Json;
using LifecycleFunctions.Storage.Messaging;

namespace LifecycleFunctions.IntegrationTests.Lifecycle;

/// <summary>A stage-changes queue message as the Service Bus message subscribers receive.</summary>
public sealed class StageChangeMessageTests
{
    [Fact]
    public void From_WithAReactivation_SetsFromToAndReactivationForSubscriptionFilters()
    {
        var body = """{"id":"u:ada|Retention|20261123","person":"u:ada","from":"Lapsed","to":"Retention","at":"2026-11-23","reactivation":true,"reason":"ordered again after lapsing (reactivated)"}""";

        var message = StageChangeMessage.From(body);

        Assert.Equal("u:ada|Retention|20261123", message.MessageId);
        Assert.Equal("Retention", message.Subject);
        Assert.Equal("Lapsed", message.ApplicationProperties["from"]);
        Assert.Equal("Retention", message.ApplicationProperties["to"]);
        Assert.Equal(true, message.ApplicationProperties["reactivation"]);
        Assert.Equal(body, message.Body.ToString());
    }

    [Fact]
    public void From_WithAnIdLongerThanServiceBusAllows_UsesItsHashTheSameEveryTime()
    {
        var person = "u:" + new string('x', 200);
        var body = JsonSerializer.Serialize(new { id = $"{person}|Conversion|20261123", person, from = (string?)null, to = "Conversion", at = "2026-11-23", reactivation = false, reason = "first order" });

        var first = StageChangeMessage.From(body);
        var again = StageChangeMessage.From(body);

        Assert.InRange(first.MessageId.Length, 1, StageChangeMessage.MaxMessageIdLength);
        Assert.StartsWith("sha256:", first.MessageId, StringComparison.Ordinal);
        Assert.Equal(first.MessageId, again.MessageId);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"person":"u:a","to":"Conversion","reactivation":false}""")]
    [InlineData("""{"id":"u:a|Conversion|20261123","person":"u:a","reactivation":false}""")]
    [InlineData("""{"id":"u:a|Conversion|20261123","person":"u:a","to":"Conversion"}""")]
    public void From_WithSomethingThatIsNotAStageChange_RefusesWithAFormatException(string body)
    {
        Assert.Throws<FormatException>(() => StageChangeMessage.From(body));
    }
}
