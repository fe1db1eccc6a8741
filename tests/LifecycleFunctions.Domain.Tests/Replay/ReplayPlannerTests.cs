using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Replay;
using static LifecycleFunctions.Domain.Tests.Replay.ReplayFixtures;

namespace LifecycleFunctions.Domain.Tests.Replay;

public class ReplayPlannerTests
{
    private const string Order = """{"orderId":"o-1","userId":"u-1","amount":10,"timestamp":"2026-11-20T10:00:00Z"}""";
    private const string UndatedOrder = """{"orderId":"o-2","userId":"u-1","amount":10}""";

    private static ReplayPlan Plan(IReadOnlyList<FailedInput> records, IReadOnlyList<PoisonedMessage> poisoned, ReplayFilter? filter = null) =>
        ReplayPlanner.Plan(Sources, records, poisoned, filter ?? All);

    /// <summary>The record, planned alone, is listed as skipped for this reason and nothing is sent.</summary>
    private static void AssertLeftAlone(FailedInput record, string why)
    {
        var plan = Plan([record], []);

        Assert.Empty(plan.Items);
        var skipped = Assert.Single(plan.Skipped);
        Assert.Same(record, skipped.Record);
        Assert.Equal(why, skipped.Why);
    }

    [Fact]
    public void Plan_WithPoisonedMessageAndItsRecord_SendsItOnceFromThePoisonQueueAndRemovesBoth()
    {
        var record = Poisoned(PurchaseEvents, "m-1", Order);
        var message = Message(PurchaseEvents, "m-1", Order);

        var item = Assert.Single(Plan([record], [message]).Items);

        Assert.Same(record, item.Record);
        Assert.Same(message, item.Poisoned);
        Assert.True(item.FromPoisonQueue);
        Assert.Equal(record.Reason, item.Reason);
        Assert.Equal(Order, item.Body);
        Assert.Equal(PurchaseEvents, item.Source.Name);
    }

    [Fact]
    public void Plan_WithTwoIdenticalPoisonedBodiesAndTwoRecords_PairsEachMessageWithItsOwnRecord()
    {
        var first = Poisoned(PurchaseEvents, "m-1", Order);
        var second = Poisoned(PurchaseEvents, "m-2", Order);

        var plan = Plan([first, second], [Message(PurchaseEvents, "m-1", Order), Message(PurchaseEvents, "m-2", Order)]);

        Assert.Equal(2, plan.Items.Count);
        Assert.All(plan.Items, i => Assert.True(i.FromPoisonQueue));
        Assert.Equal([first, second], plan.Items.Select(i => i.Record!));
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Plan_WithTwoIdenticalPoisonedBodiesAndOneRecord_SendsTheSecondWithTheNoRecordReason()
    {
        var record = Poisoned(PurchaseEvents, "m-1", Order);

        var plan = Plan([record], [Message(PurchaseEvents, "m-1", Order), Message(PurchaseEvents, "m-2", Order)]);

        Assert.Equal(2, plan.Items.Count);
        Assert.Same(record, plan.Items[0].Record);
        Assert.Null(plan.Items[1].Record);
        Assert.Equal("m-2", plan.Items[1].Poisoned!.MessageId);
        Assert.Equal(ReplayPlanner.NoRecordReason, plan.Items[1].Reason);
    }

    [Fact]
    public void Plan_WithPoisonedRecordWhoseMessageLeftThePoisonQueue_SendsItFromTheRecord()
    {
        var record = Poisoned(PurchaseEvents, "m-1", Order);

        var item = Assert.Single(Plan([record], []).Items);

        Assert.Same(record, item.Record);
        Assert.Null(item.Poisoned);
        Assert.False(item.FromPoisonQueue);
        Assert.Equal(Order, item.Body);
    }

    [Fact]
    public void Plan_WithAPoisonMessageBackBesideItsRecordMarkedAsSent_RemovesBothAndSendsNothing()
    {
        // An earlier replay sent the record while another's lease hid the message; sent again now, under its
        // poison-queue id (ad-q-9), an ad report without ids would count twice.
        const string report = """{"type":"click","channel":"meta"}""";
        var record = Poisoned(AdEvents, "q-1", report) with { ReplayedAt = Now.AddMinutes(-5) };
        var message = Message(AdEvents, "q-9", report);

        var plan = Plan([record], [message]);

        var item = Assert.Single(plan.Items);
        Assert.True(item.AlreadySent);
        Assert.Same(record, item.Record);
        Assert.Same(message, item.Poisoned);
        Assert.Equal(ReplayPlanner.AlreadySentReason, item.Reason);
        Assert.Empty(plan.SpentRecords);
    }

    [Fact]
    public void Plan_WithARecordMarkedAsSentWhoseMessageMayStillBeHidden_KeepsItAndListsNothing()
    {
        var record = Poisoned(AdEvents, "q-1", "{}") with { ReplayedAt = Now - ReplayPlanner.ReplayedRecordKeep };

        var plan = Plan([record], []);

        Assert.Empty(plan.Items);
        Assert.Empty(plan.Skipped);
        Assert.Empty(plan.SpentRecords);
    }

    [Fact]
    public void Plan_WithARecordMarkedAsSentLongerAgoThanAnyLease_RemovesItAsSpent()
    {
        var record = Poisoned(AdEvents, "q-1", "{}") with { ReplayedAt = Now - ReplayPlanner.ReplayedRecordKeep - TimeSpan.FromTicks(1) };

        var plan = Plan([record], []);

        Assert.Empty(plan.Items);
        Assert.Same(record, Assert.Single(plan.SpentRecords));
    }

    [Fact]
    public void Plan_WithTwoIdenticalBodiesOneMarkedAsSent_SendsTheLiveRecordsOnceAndRemovesTheOther()
    {
        const string report = """{"type":"click","channel":"meta"}""";
        var sent = Poisoned(AdEvents, "q-1", report) with { ReplayedAt = Now.AddMinutes(-5) };
        var live = Poisoned(AdEvents, "q-2", report);

        var plan = Plan([sent, live], [Message(AdEvents, "p-1", report), Message(AdEvents, "p-2", report)]);

        Assert.Equal(2, plan.Items.Count);
        Assert.Equal(1, plan.Items.Count(i => i.AlreadySent));
        var send = Assert.Single(plan.Items, i => !i.AlreadySent);
        Assert.Same(live, send.Record);
        Assert.Contains("\"messageId\":\"ad-q-2\"", send.Body);
    }

    [Theory]
    [InlineData(RejectedBatchItems, "batch[1] timestamp [future]: 'timestamp' is 2099-01-01T00:00:00Z, 26,000 days after it was received")]
    [InlineData(AdEvents, "timestamp [future]: 'timestamp' is 2099-01-01T00:00:00Z, 26,000 days after it was received")]
    [InlineData(PurchaseEvents, "campaign [required]: 'campaign' is required.; timestamp [future]: 'timestamp' is 2099-01-01T00:00:00Z")]
    public void Plan_WithARecordRefusedAsDatedInTheFuture_ListsItAsSkippedAndSendsNothing(string source, string reason)
    {
        // Days later the same date would pass the one-day rule, and the sender's bad clock would become data.
        var record = new FailedInput(source, "m-1", reason, """{"timestamp":"2099-01-01T00:00:00Z"}""", Now.AddHours(-1));

        AssertLeftAlone(record, ReplayPlanner.FutureReason);
    }

    [Theory]
    [InlineData(RejectedBatchItems, "batch[1] properties.name [utf-8]: batch[1] is not valid UTF-8: byte 40 (0xFF) in 'properties.name' is not part of a UTF-8 character.")]
    [InlineData(AdEvents, "$ [utf-8]: The message body is not valid UTF-8: byte 3 (0xFF) is not part of a UTF-8 character.")]
    public void Plan_WithARecordRefusedAsNotUtf8_ListsItAsSkippedAndSendsNothing(string source, string reason)
    {
        // Kept as bytes (RawBase64), its RawBody is empty: sent again, it would only fail as not JSON.
        var record = new FailedInput(source, "m-1", reason, string.Empty, Now.AddHours(-1)) { NotText = true };

        AssertLeftAlone(record, ReplayPlanner.NotUtf8Reason);
    }

    [Fact]
    public void Plan_WithARecordOfAnotherTimestampRule_StillSendsIt()
    {
        var record = Invalid(AdEvents, "m-1", """{"type":"click","channel":"meta","campaign":"k"}""") with { Reason = "timestamp [type]: 'timestamp' must be a string" };

        Assert.Single(Plan([record], []).Items);
    }

    [Fact]
    public void Plan_WithPoisonedMessageOfAnotherQueueWithTheSameBody_DoesNotTakeTheOtherQueuesRecord()
    {
        var record = Poisoned(PurchaseEvents, "m-1", Order);

        var plan = Plan([record], [Message(WebsiteEvents, "w-1", Order)]);

        Assert.Equal(2, plan.Items.Count);
        Assert.Equal(ReplayPlanner.NoRecordReason, Assert.Single(plan.Items, i => i.FromPoisonQueue).Reason);
        Assert.Same(record, Assert.Single(plan.Items, i => !i.FromPoisonQueue).Record);
    }

    [Fact]
    public void Plan_WithInvalidRecordOfTheSameBodyAsAPoisonedMessage_KeepsBoth()
    {
        // A record of a broken rule is not the poisoned message's record: the poison queue holds only what failed otherwise.
        var invalid = Invalid(PurchaseEvents, "m-1", Order);

        var plan = Plan([invalid], [Message(PurchaseEvents, "m-2", Order)]);

        Assert.Equal(2, plan.Items.Count);
        Assert.Null(Assert.Single(plan.Items, i => i.FromPoisonQueue).Record);
        Assert.Same(invalid, Assert.Single(plan.Items, i => !i.FromPoisonQueue).Record);
    }

    [Fact]
    public void Plan_WithRecordOfARecomputeWorkItem_LeavesItAloneWithItsReason()
    {
        var shard = Invalid("recompute-shards", "s-3", """{"shard":3}""");

        var plan = Plan([shard], []);

        Assert.Empty(plan.Items);
        var skipped = Assert.Single(plan.Skipped);
        Assert.Same(shard, skipped.Record);
        Assert.Contains("'recompute-shards' is not captured input", skipped.Why, StringComparison.Ordinal);
        Assert.Contains("next recompute", skipped.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithPoisonMessageOfAQueueWithoutReplay_IgnoresIt()
    {
        var plan = Plan([], [Message("recompute-shards", "s-3", """{"shard":3}""")]);

        Assert.Empty(plan.Items);
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Plan_WithRejectedWebsiteItem_SendsItThroughCaptureWithItsRecordsId()
    {
        var record = new FailedInput(RejectedBatchItems, "item-abc", "batch[0] userId [required-one-of]: ...", """{"type":"track","event":"Signed Up","timestamp":"2026-11-20T08:30:00Z"}""", Now.AddDays(-1));

        var item = Assert.Single(Plan([record], []).Items);

        Assert.Equal(ReplayRoute.WebsiteCapture, item.Source.Route);
        Assert.Equal("""{"type":"track","event":"Signed Up","timestamp":"2026-11-20T08:30:00Z","messageId":"item-abc"}""", item.Body);
    }

    [Fact]
    public void Plan_WithAdReportRecordWithoutIds_SendsItWithTheIdItsFirstArrivalGaveIt()
    {
        var record = Invalid(AdEvents, "q-7:2", """{"type":"impression","channel":"meta"}""");

        var item = Assert.Single(Plan([record], []).Items);

        Assert.Equal("""{"type":"impression","channel":"meta","messageId":"ad-q-7:2","timestamp":"2026-11-23T11:00:00.0000000Z"}""", item.Body);
    }

    [Fact]
    public void Plan_WithPoisonedAdReportWithoutItsRecord_IdsItByThePoisonMessagesId()
    {
        var item = Assert.Single(Plan([], [Message(AdEvents, "q-9", """{"type":"click","channel":"meta"}""")]).Items);

        Assert.Equal("""{"type":"click","channel":"meta","messageId":"ad-q-9","timestamp":"2026-11-23T11:00:00.0000000Z"}""", item.Body);
    }

    [Fact]
    public void Plan_WithUndatedPurchaseRecordAndPoisonMessage_DatesEachWhenItFirstFailedNotWhenReplayed()
    {
        var failedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
        var poisonedAt = new DateTimeOffset(2026, 11, 21, 7, 0, 0, TimeSpan.Zero);
        var record = Invalid(PurchaseEvents, "m-1", UndatedOrder, failedAt);

        var plan = Plan([record], [Message(PurchaseEvents, "m-2", UndatedOrder.Replace("o-2", "o-3", StringComparison.Ordinal), poisonedAt)]);

        Assert.Equal("""{"orderId":"o-3","userId":"u-1","amount":10,"timestamp":"2026-11-21T07:00:00.0000000Z"}""", plan.Items[0].Body);
        Assert.Equal("""{"orderId":"o-2","userId":"u-1","amount":10,"timestamp":"2026-11-20T09:30:00.0000000Z"}""", plan.Items[1].Body);
    }

    [Theory]
    [InlineData(PurchaseEvents)]
    [InlineData(WebsiteEvents)]
    public void Plan_WithOrderConflictRecord_ListsItAsSkippedAndSendsNothing(string source)
    {
        var reason = "order o-1 was already captured with amount 40 USD (reported by orders); this message says amount 45 USD. " + OrderConflict.KeptOnly;
        var record = new FailedInput(source, "m-9", reason, Order, Now.AddHours(-1));

        AssertLeftAlone(record, ReplayPlanner.ConflictReason);
    }

    [Fact]
    public void Plan_WithUndatedWebsiteEventsQueueMessage_LeavesItsBodyAlone()
    {
        // website-events messages are the app's own, dated at collection: nothing to add.
        var item = Assert.Single(Plan([], [Message(WebsiteEvents, "m-1", UndatedOrder)]).Items);

        Assert.Equal(UndatedOrder, item.Body);
    }

    [Fact]
    public void Plan_WithWebsiteEventsPoisonedExactlySixDaysBeforeTheReplay_SendsIt()
    {
        var record = Poisoned(WebsiteEvents, "w-1", Order, failedAt: Now - ReplayPlanner.MaxArrivalAge);

        var plan = Plan([record], [Message(WebsiteEvents, "w-1", Order, insertedOn: Now - ReplayPlanner.MaxArrivalAge)]);

        Assert.Same(record, Assert.Single(plan.Items).Record);
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Plan_WithWebsiteEventsPoisonedJustOverSixDaysBeforeTheReplay_ListsMessageAndRecordAsTooOldAndSendsNothing()
    {
        var record = Poisoned(WebsiteEvents, "w-1", Order, failedAt: Now - ReplayPlanner.MaxArrivalAge - TimeSpan.FromTicks(1));
        var message = Message(WebsiteEvents, "w-1", Order, insertedOn: Now.AddDays(-5));

        var plan = Plan([record], [message]);

        Assert.Empty(plan.Items);
        var skipped = Assert.Single(plan.Skipped);
        Assert.Same(record, skipped.Record);
        Assert.Same(message, skipped.Poisoned);
        Assert.Equal(ReplayPlanner.TooOldReason, skipped.Why);
        Assert.StartsWith("too-old", skipped.Why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Plan_WithWebsiteEventsPoisonMessageWithoutRecord_JudgesItsAgeByWhenItWasPoisoned(long ticksOverSixDays, bool tooOld)
    {
        var message = Message(WebsiteEvents, "w-1", Order, insertedOn: Now - ReplayPlanner.MaxArrivalAge - TimeSpan.FromTicks(ticksOverSixDays));

        var plan = Plan([], [message]);

        if (tooOld)
        {
            Assert.Empty(plan.Items);
            var skipped = Assert.Single(plan.Skipped);
            Assert.Same(message, skipped.Poisoned);
            Assert.Null(skipped.Record);
            Assert.Equal(ReplayPlanner.TooOldReason, skipped.Why);
        }
        else
        {
            Assert.Same(message, Assert.Single(plan.Items).Poisoned);
            Assert.Empty(plan.Skipped);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Plan_WithWebsiteEventsRecordAtTheSixDayBoundary_SendsItUntilItIsOver(long ticksOverSixDays, bool tooOld)
    {
        var record = Invalid(WebsiteEvents, "w-2", Order, failedAt: Now - ReplayPlanner.MaxArrivalAge - TimeSpan.FromTicks(ticksOverSixDays));

        var plan = Plan([record], []);

        Assert.Equal(tooOld ? 0 : 1, plan.Items.Count);
        Assert.Equal(tooOld ? [ReplayPlanner.TooOldReason] : [], plan.Skipped.Select(s => s.Why));
    }

    [Fact]
    public void Plan_WithWebsiteEventTooOldAndSinceBeforeIt_StillListsItAsTooOld()
    {
        var record = Invalid(WebsiteEvents, "w-3", Order, failedAt: Now.AddDays(-10));
        var filter = new ReplayFilter(new HashSet<string>(), Now.AddDays(-30), Now);

        var plan = Plan([record], [], filter);

        Assert.Empty(plan.Items);
        Assert.Same(record, Assert.Single(plan.Skipped).Record);
    }

    [Theory]
    [InlineData(RejectedBatchItems)]
    [InlineData(AdEvents)]
    [InlineData(PurchaseEvents)]
    public void Plan_WithRecordOfASourceWhoseReplayIsReceivedAnew_SendsItWhateverItsAge(string source)
    {
        // A rejected batch item goes through capture again and is stored under the replay's day; queue messages
        // other than website-events are received anew by their queue function.
        var record = Invalid(source, "r-1", """{"type":"track","event":"Signed Up","userId":"u-1","orderId":"o-1","messageId":"x"}""", failedAt: Now.AddDays(-30));

        var plan = Plan([record], []);

        Assert.Same(record, Assert.Single(plan.Items).Record);
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Plan_WithSourceFilter_TakesOnlyThatSourcesRecordsAndMessages()
    {
        var ad = Invalid(AdEvents, "a-1", """{"messageId":"x"}""");
        var purchase = Poisoned(PurchaseEvents, "p-1", Order);
        var filter = new ReplayFilter(new HashSet<string> { AdEvents }, null, Now);

        var plan = Plan([ad, purchase, Invalid("recompute-shards", "s-1", "{}")], [Message(PurchaseEvents, "p-1", Order)], filter);

        Assert.Same(ad, Assert.Single(plan.Items).Record);
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Plan_WithPoisonedMessageWhoseRecordFailedBeforeSince_SendsNeitherTheMessageNorTheRecord()
    {
        var record = Poisoned(PurchaseEvents, "m-1", Order, failedAt: Now.AddDays(-3));
        var filter = new ReplayFilter(new HashSet<string>(), Now.AddDays(-1), Now);

        var plan = Plan([record], [Message(PurchaseEvents, "m-1", Order, insertedOn: Now.AddHours(-1))], filter);

        Assert.Empty(plan.Items);
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Plan_WithPoisonedMessageWithoutRecord_FiltersByWhenItWasPoisoned()
    {
        var filter = new ReplayFilter(new HashSet<string>(), Now.AddDays(-1), Now);

        var plan = Plan([], [Message(PurchaseEvents, "old", Order, insertedOn: Now.AddDays(-2)), Message(PurchaseEvents, "new", Order, insertedOn: Now.AddHours(-2))], filter);

        Assert.Equal("new", Assert.Single(plan.Items).Poisoned!.MessageId);
    }

    [Fact]
    public void Plan_WithRecordsAndMessages_SendsPoisonMessagesFirstThenRecordsInTheirOrder()
    {
        var a = Invalid(AdEvents, "a-1", """{"messageId":"a"}""");
        var b = Invalid(PurchaseEvents, "b-1", """{"orderId":"b"}""");

        var plan = Plan([a, b], [Message(PurchaseEvents, "m-1", Order)]);

        Assert.Equal(["m-1", "a-1", "b-1"], plan.Items.Select(i => i.Record?.Id ?? i.Poisoned!.MessageId));
    }
}
