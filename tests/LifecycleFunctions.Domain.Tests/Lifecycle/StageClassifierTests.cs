using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using static LifecycleFunctions.Domain.Tests.Lifecycle.LifecycleEvents;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

public class StageClassifierTests
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);

    private static readonly StageClassifier Classifier = new(new LifecycleOptions());

    /// <summary>Noon UTC, <paramref name="days"/> days before <see cref="AsOf"/> (negative: after it).</summary>
    private static DateTimeOffset DaysBefore(int days, int hour = 12) => At(AsOf.AddDays(-days), hour);

    private static LifecycleStage? StageOf(params CapturedEvent[] events) => Classifier.Classify(Fold(events), AsOf);

    private static CapturedEvent[] Orders(params int[] daysBefore) =>
        daysBefore.Select((d, i) => Order(DaysBefore(d), $"o-{i}", 10m)).ToArray();

    [Fact]
    public void Classify_WithOnlyAnonymousPageView_IsReach()
    {
        Assert.Equal(LifecycleStage.Reach, StageOf(Page(DaysBefore(10))));
    }

    [Fact]
    public void Classify_WithAdClickOnly_IsReach()
    {
        Assert.Equal(LifecycleStage.Reach, StageOf(AdClick(DaysBefore(10), "google", "summer")));
    }

    [Fact]
    public void Classify_WithNonIdentifyingTrackEvent_IsReach()
    {
        Assert.Equal(LifecycleStage.Reach, StageOf(Page(DaysBefore(10)), Track(DaysBefore(9), "Product Viewed", userId: null, anonymousId: AnonymousId)));
    }

    [Fact]
    public void Classify_WithIdentifyWithUserId_IsAcquisition()
    {
        Assert.Equal(LifecycleStage.Acquisition, StageOf(Page(DaysBefore(10)), Identify(DaysBefore(5))));
    }

    [Fact]
    public void Classify_WithIdentifyWithOnlyAnonymousId_IsReach()
    {
        Assert.Equal(LifecycleStage.Reach, StageOf(Identify(DaysBefore(5), userId: null, anonymousId: AnonymousId, email: "ada@example.com")));
    }

    [Fact]
    public void Classify_WithAlias_IsAcquisition()
    {
        Assert.Equal(LifecycleStage.Acquisition, StageOf(Page(DaysBefore(10)), Alias(DaysBefore(5))));
    }

    [Theory]
    [InlineData("Signed Up")]
    [InlineData("signed up")]
    [InlineData("Lead Created")]
    [InlineData("Newsletter Subscribed")]
    public void Classify_WithIdentificationTrackWithOnlyAnonymousId_IsAcquisition(string name)
    {
        Assert.Equal(LifecycleStage.Acquisition, StageOf(Track(DaysBefore(5), name, userId: null, anonymousId: AnonymousId)));
    }

    [Fact]
    public void Classify_WithOneOrder_IsConversion()
    {
        Assert.Equal(LifecycleStage.Conversion, StageOf(Orders(10)));
    }

    [Fact]
    public void Classify_WithTwoOrders_IsRetention()
    {
        Assert.Equal(LifecycleStage.Retention, StageOf(Orders(200, 10)));
    }

    [Fact]
    public void Classify_WithThreeOrdersInYear_IsRetention()
    {
        Assert.Equal(LifecycleStage.Retention, StageOf(Orders(300, 200, 10)));
    }

    [Fact]
    public void Classify_WithFourOrdersInYear_IsLoyalty()
    {
        Assert.Equal(LifecycleStage.Loyalty, StageOf(Orders(300, 200, 100, 10)));
    }

    [Fact]
    public void Classify_WithTwoOrdersOnSameDay_CountsBoth()
    {
        Assert.Equal(LifecycleStage.Retention, StageOf(Order(DaysBefore(3, 9), "a", 5m), Order(DaysBefore(3, 15), "b", 5m)));
    }

    [Theory]
    [InlineData(364, LifecycleStage.Loyalty)]
    [InlineData(365, LifecycleStage.Retention)]
    [InlineData(400, LifecycleStage.Retention)]
    public void Classify_WithOldestOfFourOrdersAtWindowEdge_CountsOnlyOrdersInsideTrailingYear(int oldest, LifecycleStage expected)
    {
        Assert.Equal(expected, StageOf(Orders(oldest, 200, 100, 10)));
    }

    [Theory]
    [InlineData(0, LifecycleStage.Conversion)]
    [InlineData(89, LifecycleStage.Conversion)]
    [InlineData(90, LifecycleStage.Conversion)]
    [InlineData(91, LifecycleStage.Lapsed)]
    [InlineData(500, LifecycleStage.Lapsed)]
    public void Classify_WithOneOrderAtLapseWindowEdge_IsLapsedOnlyAfter90Days(int daysBefore, LifecycleStage expected)
    {
        Assert.Equal(expected, StageOf(Orders(daysBefore)));
    }

    [Theory]
    [InlineData(90, LifecycleStage.Loyalty)]
    [InlineData(91, LifecycleStage.Lapsed)]
    public void Classify_WithLoyalCustomerAtLapseWindowEdge_LapsesAfter90Days(int lastOrder, LifecycleStage expected)
    {
        Assert.Equal(expected, StageOf(Orders(lastOrder + 60, lastOrder + 40, lastOrder + 20, lastOrder)));
    }

    [Fact]
    public void Classify_WithOrderAtLastMinuteOfLapseWindow_UsesCalendarDays()
    {
        // 90 days before at 00:00 and at 23:59 are the same day: neither is lapsed; 91 days before at 23:59 is.
        Assert.Equal(LifecycleStage.Conversion, StageOf(Order(At(AsOf.AddDays(-90), 0, 0), "a", 1m)));
        Assert.Equal(LifecycleStage.Lapsed, StageOf(Order(At(AsOf.AddDays(-91), 23, 59), "a", 1m)));
    }

    [Fact]
    public void Classify_BeforeFirstSeen_ReturnsNull()
    {
        var person = Fold(Page(At(AsOf.AddDays(1), 0, 0)), Order(At(AsOf.AddDays(2)), "a", 1m));

        Assert.Null(Classifier.Classify(person, AsOf));
    }

    [Fact]
    public void Classify_WithEmptyState_ReturnsNull()
    {
        Assert.Null(Classifier.Classify(new PersonState { Key = "u:nobody" }, AsOf));
    }

    [Fact]
    public void Classify_WithFirstSeenAtLastMinuteOfAsOfDay_CountsThatDay()
    {
        Assert.Equal(LifecycleStage.Reach, StageOf(Page(At(AsOf, 23, 59))));
    }

    [Fact]
    public void Classify_WithIdentifyAfterAsOf_IgnoresIt()
    {
        Assert.Equal(LifecycleStage.Reach, StageOf(Page(DaysBefore(10)), Identify(At(AsOf.AddDays(1), 0, 0))));
    }

    [Fact]
    public void Classify_WithOrderAfterAsOf_IgnoresIt()
    {
        Assert.Equal(LifecycleStage.Acquisition, StageOf(Identify(DaysBefore(10)), Order(At(AsOf.AddDays(1), 0, 0), "a", 1m)));
    }

    [Fact]
    public void Classify_WithOrderAfterAsOfFollowingLongGap_StaysLapsed()
    {
        Assert.Equal(LifecycleStage.Lapsed, StageOf(Order(DaysBefore(200), "a", 1m), Order(DaysBefore(-1), "b", 1m)));
    }

    [Fact]
    public void Classify_WithOrderOnAsOfDay_CountsIt()
    {
        Assert.Equal(LifecycleStage.Retention, StageOf(Order(DaysBefore(200), "a", 1m), Order(At(AsOf, 23, 59), "b", 1m)));
    }

    [Fact]
    public void Classify_WithAdvocacySignalAfterAsOf_IgnoresIt()
    {
        Assert.Equal(LifecycleStage.Retention, StageOf([.. Orders(20, 10), Track(DaysBefore(-1), "Product Reviewed")]));
    }

    [Fact]
    public void Classify_AsOfEarlierDays_GivesStageOfThatDay()
    {
        var person = Fold(Page(At(2024, 1, 1)), Identify(At(2024, 1, 5)), Order(At(2024, 2, 1), "a", 1m), Order(At(2024, 3, 1), "b", 1m));

        Assert.Null(Classifier.Classify(person, new DateOnly(2023, 12, 31)));
        Assert.Equal(LifecycleStage.Reach, Classifier.Classify(person, new DateOnly(2024, 1, 4)));
        Assert.Equal(LifecycleStage.Acquisition, Classifier.Classify(person, new DateOnly(2024, 1, 31)));
        Assert.Equal(LifecycleStage.Conversion, Classifier.Classify(person, new DateOnly(2024, 2, 29)));
        Assert.Equal(LifecycleStage.Retention, Classifier.Classify(person, new DateOnly(2024, 3, 1)));
        Assert.Equal(LifecycleStage.Retention, Classifier.Classify(person, new DateOnly(2024, 5, 30)));
        Assert.Equal(LifecycleStage.Lapsed, Classifier.Classify(person, new DateOnly(2024, 5, 31)));
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(25.0)]
    [InlineData(null)]
    public void Classify_WithFullRefund_DoesNotCountOrder(double? refunded)
    {
        var refund = Refund(DaysBefore(5), "o-1", refunded is null ? null : (decimal)refunded.Value);

        Assert.Equal(LifecycleStage.Conversion, StageOf([Order(DaysBefore(30), "o-0", 10m), Order(DaysBefore(10), "o-1", 20m), refund]));
    }

    [Fact]
    public void Classify_WithPartialRefund_StillCountsOrder()
    {
        Assert.Equal(LifecycleStage.Retention, StageOf(Order(DaysBefore(30), "o-0", 10m), Order(DaysBefore(10), "o-1", 20m), Refund(DaysBefore(5), "o-1", 5m)));
    }

    [Fact]
    public void Classify_WithRefundFoldedBeforeItsOrder_DoesNotCountOrder()
    {
        Assert.Equal(LifecycleStage.Conversion, StageOf(Refund(DaysBefore(5), "o-1"), Order(DaysBefore(30), "o-0", 10m), Order(DaysBefore(10), "o-1", 20m)));
    }

    [Fact]
    public void Classify_WithOnlyOrderFullyRefundedAndIdentified_IsAcquisition()
    {
        Assert.Equal(LifecycleStage.Acquisition, StageOf(Identify(DaysBefore(40)), Order(DaysBefore(30), "o-0", 10m), Refund(DaysBefore(20), "o-0")));
    }

    [Fact]
    public void Classify_WithLastOrderRefunded_LapsesFromEarlierOrder()
    {
        Assert.Equal(LifecycleStage.Lapsed, StageOf(Order(DaysBefore(100), "o-0", 10m), Order(DaysBefore(10), "o-1", 20m), Refund(DaysBefore(5), "o-1")));
    }

    [Fact]
    public void Classify_WithRefundWithoutOrder_IsNotCustomer()
    {
        // The order system knows the user it refunded: identified, but no order of theirs counts.
        Assert.Equal(LifecycleStage.Acquisition, StageOf(Page(DaysBefore(10)), Refund(DaysBefore(5), "o-9", 10m)));
        Assert.Equal(LifecycleStage.Reach, StageOf(Page(DaysBefore(10)), Refund(DaysBefore(5), "o-9", 10m, userId: null) with { AnonymousId = AnonymousId }));
    }

    [Theory]
    [InlineData("Referral Sent")]
    [InlineData("Friend Referred")]
    [InlineData("Product Reviewed")]
    [InlineData("review submitted")]
    public void Classify_WithRepeatCustomerAndReferralOrReview_IsAdvocacy(string name)
    {
        Assert.Equal(LifecycleStage.Advocacy, StageOf([.. Orders(60, 10), Track(DaysBefore(5), name)]));
    }

    [Theory]
    [InlineData("""{"score":9}""", LifecycleStage.Advocacy)]
    [InlineData("""{"score":10}""", LifecycleStage.Advocacy)]
    [InlineData("""{"score":9.0}""", LifecycleStage.Advocacy)]
    [InlineData("""{"nps":10}""", LifecycleStage.Advocacy)]
    [InlineData("""{"score":8}""", LifecycleStage.Retention)]
    [InlineData("""{"score":8.99}""", LifecycleStage.Retention)]
    [InlineData("""{"score":0}""", LifecycleStage.Retention)]
    [InlineData("""{"score":"10"}""", LifecycleStage.Advocacy)]
    [InlineData("""{"score":80}""", LifecycleStage.Retention)]
    [InlineData("""{}""", LifecycleStage.Retention)]
    public void Classify_WithRepeatCustomerAndNpsAnswer_IsAdvocacyOnlyForPromoters(string properties, LifecycleStage expected)
    {
        Assert.Equal(expected, StageOf([.. Orders(60, 10), Track(DaysBefore(5), "NPS Submitted", properties)]));
    }

    [Fact]
    public void Classify_WithPromoterScoreOnOtherTrackEvent_IsNotAdvocacy()
    {
        Assert.Equal(LifecycleStage.Retention, StageOf([.. Orders(60, 10), Track(DaysBefore(5), "Product Viewed", """{"score":10}""")]));
    }

    [Fact]
    public void Classify_WithLoyalCustomerAndReview_IsAdvocacy()
    {
        Assert.Equal(LifecycleStage.Advocacy, StageOf([.. Orders(300, 200, 100, 10), Track(DaysBefore(5), "Product Reviewed")]));
    }

    [Fact]
    public void Classify_WithOneOrderAndReview_IsConversion()
    {
        Assert.Equal(LifecycleStage.Conversion, StageOf([.. Orders(10), Track(DaysBefore(5), "Product Reviewed"), Track(DaysBefore(4), "NPS Submitted", """{"score":10}""")]));
    }

    [Fact]
    public void Classify_WithLapsedCustomerAndRecentReview_IsLapsed()
    {
        Assert.Equal(LifecycleStage.Lapsed, StageOf([.. Orders(200, 100), Track(DaysBefore(5), "Product Reviewed")]));
    }

    [Theory]
    [InlineData(0, LifecycleStage.Advocacy)]
    [InlineData(364, LifecycleStage.Advocacy)]
    [InlineData(365, LifecycleStage.Retention)]
    public void Classify_WithAdvocacySignalAtWindowEdge_CountsOnlyTrailingYear(int signalDaysBefore, LifecycleStage expected)
    {
        Assert.Equal(expected, StageOf([.. Orders(60, 10), Track(DaysBefore(signalDaysBefore), "Referral Sent")]));
    }

    [Theory]
    [InlineData(30, LifecycleStage.Conversion)]
    [InlineData(31, LifecycleStage.Lapsed)]
    public void Classify_WithCustomLapseWindow_UsesIt(int daysBefore, LifecycleStage expected)
    {
        var classifier = new StageClassifier(new LifecycleOptions { LapseWindowDays = 30 });

        Assert.Equal(expected, classifier.Classify(Fold(Orders(daysBefore)), AsOf));
    }

    [Fact]
    public void Classify_WithCustomLoyaltyThresholds_UsesThem()
    {
        var classifier = new StageClassifier(new LifecycleOptions { LoyaltyOrders = 2, LoyaltyWindowDays = 30 });

        Assert.Equal(LifecycleStage.Loyalty, classifier.Classify(Fold(Orders(29, 10)), AsOf));
        Assert.Equal(LifecycleStage.Retention, classifier.Classify(Fold(Orders(30, 10)), AsOf));
    }

    [Fact]
    public void Classify_WithCustomAdvocacyWindow_UsesIt()
    {
        var classifier = new StageClassifier(new LifecycleOptions { AdvocacyWindowDays = 7 });

        Assert.Equal(LifecycleStage.Advocacy, classifier.Classify(Fold([.. Orders(60, 10), Track(DaysBefore(6), "Referral Sent")]), AsOf));
        Assert.Equal(LifecycleStage.Retention, classifier.Classify(Fold([.. Orders(60, 10), Track(DaysBefore(7), "Referral Sent")]), AsOf));
    }

    [Fact]
    public void Classify_WithCustomPromoterScore_UsesIt()
    {
        var options = new LifecycleOptions { PromoterScore = 7 };
        var classifier = new StageClassifier(options);

        var person = LifecycleEvents.Fold(options, "u:" + UserId, [.. Orders(60, 10), Track(DaysBefore(5), "NPS Submitted", """{"score":7}""")]);

        Assert.Equal(LifecycleStage.Advocacy, classifier.Classify(person, AsOf));
    }

    [Fact]
    public void Classify_WithCustomIdentificationEvent_UsesIt()
    {
        var options = new LifecycleOptions { IdentificationEvents = ["Account Created"] };
        var classifier = new StageClassifier(options);

        var custom = LifecycleEvents.Fold(options, "a:" + AnonymousId, [Track(DaysBefore(5), "Account Created", userId: null, anonymousId: AnonymousId)]);
        var dropped = LifecycleEvents.Fold(options, "a:" + AnonymousId, [Track(DaysBefore(5), "Signed Up", userId: null, anonymousId: AnonymousId)]);

        Assert.Equal(LifecycleStage.Acquisition, classifier.Classify(custom, AsOf));
        Assert.Equal(LifecycleStage.Reach, classifier.Classify(dropped, AsOf));
    }
}
