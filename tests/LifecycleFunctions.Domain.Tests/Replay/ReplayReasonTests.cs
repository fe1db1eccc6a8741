using LifecycleFunctions.Domain.Replay;

namespace LifecycleFunctions.Domain.Tests.Replay;

public class ReplayReasonTests
{
    [Theory]
    [InlineData("batch[1] timestamp [future]: 'timestamp' is 2099-01-01T00:00:00Z", "future")]
    [InlineData("campaign [required]: 'campaign' is required.; timestamp [future]: too far; campaign [required]: again", "required,future")]
    [InlineData("Poisoned: CaptureAdEvent failed on each of 5 attempts; last: x [future]: y", "")]
    [InlineData("Not JSON: unexpected end", "")]
    public void Rules_WithAReason_GivesTheRulesItNamesOnce(string reason, string rules)
    {
        Assert.Equal(rules.Length == 0 ? [] : rules.Split(','), ReplayReason.Rules(reason));
    }

    [Theory]
    [InlineData("Poisoned: CapturePurchaseEvent failed on each of 5 attempts; last: RequestFailedException: Service unavailable (503)")]
    [InlineData("Poisoned: CapturePurchaseEvent failed on each of 7 attempts; last: RequestFailedException: The server is busy.\nRequestId:9f1c")]
    public void Group_WithPoisonedReason_GivesFunctionAndExceptionWithoutAttemptsOrDetail(string reason)
    {
        Assert.Equal("Poisoned: CapturePurchaseEvent (RequestFailedException)", ReplayReason.Group(reason));
    }

    [Fact]
    public void Group_WithPoisonedByAStoppedProcess_GivesTheCauseWithoutItsExplanation()
    {
        const string reason = "Poisoned: CaptureAdEvent failed on each of 5 attempts; last: the process stopped while handling it (each attempt ended without a result)";

        Assert.Equal("Poisoned: CaptureAdEvent (the process stopped while handling it)", ReplayReason.Group(reason));
    }

    [Fact]
    public void Group_WithPoisonedReasonWithoutLastCause_GivesTheFunction()
    {
        Assert.Equal("Poisoned: CaptureAdEvent", ReplayReason.Group("Poisoned: CaptureAdEvent failed on each of 5 attempts"));
    }

    [Fact]
    public void Group_WithNoRecordReason_GivesItWhole()
    {
        Assert.Equal(ReplayPlanner.NoRecordReason, ReplayReason.Group(ReplayPlanner.NoRecordReason));
    }

    [Fact]
    public void Group_WithOneFieldRule_GivesFieldAndRuleWithoutDetail()
    {
        Assert.Equal("campaign [required]", ReplayReason.Group("campaign [required]: 'campaign' is required."));
    }

    [Fact]
    public void Group_WithBatchItemsOfDifferentIndexes_GivesTheSameGroup()
    {
        var third = ReplayReason.Group("batch[3] amount [required]: 'amount' is required.");
        var twelfth = ReplayReason.Group("batch[12] amount [required]: 'amount' is required.");

        Assert.Equal("amount [required]", third);
        Assert.Equal(third, twelfth);
    }

    [Fact]
    public void Group_WithSeveralRules_GivesEachRuleOnceInOrder()
    {
        const string reason = "batch[0] userId [required-one-of]: Every event needs 'userId' or 'anonymousId' (or both).; timestamp [iso-8601]: 'timestamp' must be an ISO-8601 date-time string such as 2026-11-23T10:15:00Z.; properties.total [positive]: An 'Order Refunded' event's 'total' must be above 0.";

        Assert.Equal("userId [required-one-of]; timestamp [iso-8601]; properties.total [positive]", ReplayReason.Group(reason));
    }

    [Fact]
    public void Group_WithTheSameRuleTwice_GivesItOnce()
    {
        Assert.Equal("$ [json]", ReplayReason.Group("$ [json]: first; $ [json]: second"));
    }

    [Fact]
    public void Group_WithRuleNameHoldingAColon_KeepsIt()
    {
        Assert.Equal("$ [type:object]", ReplayReason.Group("$ [type:object]: The message must be a JSON object, not an array."));
    }

    [Fact]
    public void Group_WithOtherReason_GivesTheTextBeforeTheFirstColon()
    {
        Assert.Equal("Not a website-events message", ReplayReason.Group("Not a website-events message: 'x' is an invalid start of a value. LineNumber: 0"));
    }

    [Fact]
    public void Group_WithLongReasonWithoutColon_ShortensItToAHundredCharacters()
    {
        var reason = new string('x', 250);

        Assert.Equal(new string('x', 100) + "…", ReplayReason.Group(reason));
    }

    [Fact]
    public void Group_WithReasonOfExactlyAHundredCharacters_KeepsItWhole()
    {
        var reason = new string('x', 100);

        Assert.Equal(reason, ReplayReason.Group(reason));
    }

    [Fact]
    public void Group_WithLongPoisonedReasonOfAnotherShape_ShortensIt()
    {
        var reason = "Poisoned:" + new string('y', 200);

        Assert.Equal(101, ReplayReason.Group(reason).Length);
    }

    [Fact]
    public void Group_WithLongReasonCutInsideAnEmoji_DoesNotLeaveHalfOfIt()
    {
        // A lone surrogate is not text: the console prints it as garbage and JSON writers refuse it.
        var reason = new string('x', 99) + "😀" + new string('x', 50);

        var group = ReplayReason.Group(reason);

        Assert.False(char.IsHighSurrogate(group[^2]), group);
        Assert.Equal(new string('x', 99) + "…", group);
    }
}
