using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using static LifecycleFunctions.Domain.Tests.Lifecycle.LifecycleEvents;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

public class PersonFolderTests
{
    private const string Key = "u:" + UserId;

    /// <summary>A varied history: touches of every kind, identification, orders with refunds (one before its order), advocacy, email changes, an impression.</summary>
    private static List<CapturedEvent> History() =>
    [
        Page(At(2024, 1, 1, 9), utmSource: "Google", utmMedium: "cpc", utmCampaign: "spring", referrer: "https://www.google.com/search?q=cds"),
        AdClick(At(2024, 1, 3, 10), "facebook", "summer", cost: 0.40m),
        Page(At(2024, 1, 4, 11), referrer: "https://www.News.Example.com/article"),
        Page(At(2024, 1, 4, 12)),
        AdImpression(At(2024, 1, 4, 13), "facebook", "summer", 1000, 5m),
        Identify(At(2024, 1, 5, 8), anonymousId: AnonymousId, email: "ada@old.example"),
        Order(At(2024, 1, 6), "o-1", 100m),
        Refund(At(2024, 1, 8), "o-1", 20m),
        Refund(At(2024, 1, 9), "o-3"),
        Order(At(2024, 1, 7), "o-3", 70m),
        Order(At(2024, 2, 1), "o-2", 50m),
        Track(At(2024, 2, 2), "Referral Sent"),
        Track(At(2024, 2, 3), "NPS Submitted", """{"score":10}"""),
        Track(At(2024, 2, 4), "NPS Submitted", """{"score":3}"""),
        Identify(At(2024, 3, 1), email: "ada@new.example"),
        Page(At(2024, 3, 2), utmSource: "newsletter", utmMedium: "email", utmCampaign: "march"),
    ];

    private static PersonState FoldAll(IEnumerable<CapturedEvent> events) => LifecycleEvents.Fold(new LifecycleOptions(), Key, events);

    [Fact]
    public void Fold_WithHistory_KeepsEveryFact()
    {
        var state = FoldAll(History());

        Assert.Equal(At(2024, 1, 1, 9), state.FirstSeen);
        Assert.Equal(At(2024, 3, 2), state.LastSeen);
        Assert.Equal(At(2024, 1, 5, 8), state.IdentifiedAt);
        Assert.Equal("ada@new.example", state.Email);
        Assert.Equal(["o-1", "o-2", "o-3"], state.Orders.Keys);
        Assert.Equal(OrderFact.Completion("o-1", At(2024, 1, 6), 100m).Merge(OrderFact.Refund("o-1", null, 20m, At(2024, 1, 8))), state.Orders["o-1"]);
        Assert.Equal(OrderFact.Completion("o-3", At(2024, 1, 7), 70m).Merge(OrderFact.Refund("o-3", null, null, At(2024, 1, 9))), state.Orders["o-3"]);
        Assert.Equal([At(2024, 2, 2), At(2024, 2, 3)], state.AdvocacySignals);
        Assert.Equal(new Touch(At(2024, 1, 1, 9), "google", "spring", "Google", "cpc", "google.com"), state.FirstTouch);
        Assert.Equal(new Touch(At(2024, 3, 2), "newsletter", "march", "newsletter", "email", null), state.LastTouch);
        Assert.Equal("google", state.FirstTouchChannel);
        Assert.Empty(state.MergedKeys);
    }

    [Fact]
    public void Fold_WithEveryEventTwice_EqualsOnce()
    {
        var once = FoldAll(History());
        var twice = FoldAll(History().SelectMany(e => new[] { e, e }));
        var replayed = FoldAll(History().Concat(History()));

        Assert.Equal(Json(once), Json(twice));
        Assert.Equal(Json(once), Json(replayed));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void Fold_InShuffledOrder_EqualsInOrder(int seed)
    {
        var events = History();
        var shuffled = events.ToArray();
#pragma warning disable CA5394 // A seeded shuffle for a reproducible test, not security.
        new Random(seed).Shuffle(shuffled);
#pragma warning restore CA5394

        Assert.Equal(Json(FoldAll(events)), Json(FoldAll(shuffled)));
    }

    [Fact]
    public void Fold_InReverseOrder_EqualsInOrder()
    {
        var events = History();

        Assert.Equal(Json(FoldAll(events)), Json(FoldAll(Enumerable.Reverse(events))));
    }

    [Theory]
    [InlineData(1, 2, 3, "facebook", "news.example.com")]
    [InlineData(2, 1, 3, "google", "news.example.com")]
    [InlineData(3, 2, 1, "news.example.com", "facebook")]
    [InlineData(2, 3, 1, "news.example.com", "google")]
    public void Fold_WithAdClickUtmVisitAndReferrer_FirstTouchIsEarliestAndLastTouchLatest(int clickDay, int utmDay, int referrerDay, string first, string last)
    {
        var state = Fold(
            AdClick(At(2024, 5, clickDay), "facebook", "summer"),
            Page(At(2024, 5, utmDay), utmSource: "Google", utmMedium: "cpc", utmCampaign: "spring"),
            Page(At(2024, 5, referrerDay), referrer: "https://www.news.example.com/a"),
            Page(At(2024, 4, 30)));

        Assert.Equal(first, state.FirstTouch?.Channel);
        Assert.Equal(last, state.LastTouch?.Channel);
        Assert.Equal(first, state.FirstTouchChannel);
    }

    [Fact]
    public void Fold_WithAdClick_RecordsPaidTouch()
    {
        var state = Fold(AdClick(At(2024, 5, 1), "facebook", "summer"));

        Assert.Equal(new Touch(At(2024, 5, 1), "facebook", "summer", "facebook", "cpc", null), state.FirstTouch);
        Assert.Equal(state.FirstTouch, state.LastTouch);
    }

    [Fact]
    public void Fold_WithOnlyDirectVisits_HasNoTouchAndDirectChannel()
    {
        var state = Fold(Page(At(2024, 5, 1)), Identify(At(2024, 5, 2)), Order(At(2024, 5, 3), "o-1", 1m));

        Assert.Null(state.FirstTouch);
        Assert.Null(state.LastTouch);
        Assert.Equal(Touch.Direct, state.FirstTouchChannel);
    }

    [Fact]
    public void Fold_WithAdImpression_IgnoresIt()
    {
        var state = Fold(AdImpression(At(2024, 5, 1), "facebook", "summer", 10, 1m) with { AnonymousId = AnonymousId });

        Assert.Null(state.FirstSeen);
        Assert.Null(state.FirstTouch);
    }

    [Fact]
    public void Fold_WithTouchesAtSameInstant_DoesNotDependOnOrder()
    {
        var at = At(2024, 5, 1);
        var cpc = Page(at, utmSource: "google", utmMedium: "cpc", utmCampaign: "spring");
        var email = Page(at, utmSource: "google", utmMedium: "email", utmCampaign: "spring");
        var referred = Page(at, utmSource: "google", utmMedium: "cpc", utmCampaign: "spring", referrer: "https://mail.example.com/");

        Assert.Equal(Json(Fold(cpc, email, referred)), Json(Fold(referred, email, cpc)));
        Assert.Equal(Json(Fold(cpc, email, referred)), Json(Fold(email, referred, cpc)));
    }

    [Fact]
    public void Fold_WithTwoCompletionsOfSameOrder_DoesNotDependOnOrder()
    {
        // The website's "Order Completed" and the order system's message for the same order may disagree.
        var website = Order(At(2024, 5, 1, 10), "o-1", 100m);
        var orders = Order(At(2024, 5, 1, 11), "o-1", 99.50m);

        var one = Fold(website, orders);
        var other = Fold(orders, website);

        Assert.Equal(Json(one), Json(other));
        Assert.Equal(OrderFact.Completion("o-1", At(2024, 5, 1, 10), 100m), one.Orders["o-1"]);
    }

    [Fact]
    public void Fold_WithEmailChanges_KeepsLatestWhateverTheOrder()
    {
        var old = Identify(At(2024, 1, 1), email: "old@example.com");
        var current = Identify(At(2024, 2, 1), email: "new@example.com");

        Assert.Equal("new@example.com", Fold(old, current).Email);
        Assert.Equal("new@example.com", Fold(current, old).Email);
        Assert.Equal(At(2024, 2, 1), Fold(current, old).EmailAt);
    }

    [Fact]
    public void Fold_WithManyAdvocacySignals_KeepsTheLatestDaysWhateverTheOrder()
    {
        var first = new DateOnly(2024, 1, 1);
        var signals = Enumerable.Range(0, PersonState.MaxAdvocacySignals + 6).Select(d => Track(At(first.AddDays(d)), "Referral Sent")).ToList();

        var forward = Fold([.. signals]);
        var backward = Fold([.. Enumerable.Reverse(signals)]);

        Assert.Equal(PersonState.MaxAdvocacySignals, forward.AdvocacySignals.Count);
        Assert.Equal(At(first.AddDays(6)), forward.AdvocacySignals.Min);
        Assert.Equal(At(first.AddDays(PersonState.MaxAdvocacySignals + 5)), forward.AdvocacySignals.Max);
        Assert.Equal(forward.AdvocacySignals, backward.AdvocacySignals);
    }

    [Fact]
    public void Fold_WithSeveralAdvocacySignalsOnADay_KeepsTheDaysEarliestWhateverTheOrder()
    {
        var signals = new[] { Track(At(2024, 1, 1, 15), "Referral Sent"), Track(At(2024, 1, 1, 9), "Product Reviewed"), Track(At(2024, 1, 1, 20), "Referral Sent") };

        Assert.Equal([At(2024, 1, 1, 9)], Fold(signals).AdvocacySignals);
        Assert.Equal([At(2024, 1, 1, 9)], Fold([.. signals.Reverse()]).AdvocacySignals);
    }

    [Fact]
    public void Fold_WithOrderEventWithoutOrderId_IgnoresOrder()
    {
        var state = Fold(Order(At(2024, 1, 1), "o-1", 1m) with { OrderId = null });

        Assert.Empty(state.Orders);
        Assert.Equal(At(2024, 1, 1), state.FirstSeen);
    }

    [Theory]
    [InlineData("""{"score":9}""", true)]
    [InlineData("""{"score":10}""", true)]
    [InlineData("""{"score":"10"}""", true)]
    [InlineData("""{"nps":"9.0"}""", true)]
    [InlineData("""{"score":8}""", false)]
    [InlineData("""{"score":80}""", false)]
    [InlineData("""{"score":"ten"}""", false)]
    [InlineData("""{"score":"\ud800"}""", false)]
    public void Fold_WithNpsAnswer_IsSignalOnlyForPromotersOnTheZeroToTenScale(string properties, bool promoter)
    {
        var state = Fold(Track(At(2024, 1, 1), "NPS Submitted", properties));

        Assert.Equal(promoter ? 1 : 0, state.AdvocacySignals.Count);
    }

    [Fact]
    public void Fold_WithOrderUnderUserIdOnly_IdentifiesTheBuyer()
    {
        var state = Fold(Order(At(2024, 1, 1), "o-1", 10m), Refund(At(2024, 1, 2), "o-1"));

        Assert.Equal(At(2024, 1, 1), state.IdentifiedAt);
        Assert.Equal(LifecycleStage.Acquisition, new StageClassifier(new LifecycleOptions()).Classify(state, new DateOnly(2024, 1, 3)));
    }

    [Fact]
    public void Fold_WithOrderUnderAnonymousIdOnly_IdentifiesNobody()
    {
        var state = Fold(Order(At(2024, 1, 1), "o-1", 10m, userId: null) with { AnonymousId = AnonymousId });

        Assert.Null(state.IdentifiedAt);
    }

    [Fact]
    public void Fold_WithTwoPartialRefundEvents_SubtractsBoth()
    {
        var state = Fold(Order(At(2024, 1, 1), "o-1", 100m), Refund(At(2024, 1, 2), "o-1", 30m), Refund(At(2024, 1, 3), "o-1", 70m), Refund(At(2024, 1, 3), "o-1", 70m));

        Assert.False(state.Orders["o-1"].Counts);
        Assert.Equal(2, state.Orders["o-1"].Refunds.Count);
    }

    [Fact]
    public void Fold_WithUnparsablePayloadOnNpsEvent_IsNoSignal()
    {
        var state = Fold(Track(At(2024, 1, 1), "NPS Submitted") with { Payload = "not json" });

        Assert.Empty(state.AdvocacySignals);
    }

    [Theory]
    [InlineData("https://www.google.com/search?q=x", "google.com")]
    [InlineData("https://WWW.Google.COM/", "google.com")]
    [InlineData("http://news.ycombinator.com/item?id=1", "news.ycombinator.com")]
    [InlineData("https://www2.example.com/", "www2.example.com")]
    [InlineData("https://wwwexample.com/", "wwwexample.com")]
    [InlineData("/relative/path", null)]
    [InlineData("not a url", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ReferrerHost_WithUrl_ReturnsLowerCaseHostWithoutWww(string? referrer, string? expected)
    {
        Assert.Equal(expected, PersonFolder.ReferrerHost(referrer));
    }

    [Fact]
    public void TouchOf_WithUtmAndReferrer_UsesLowerCaseUtmSourceAndKeepsReferrerHost()
    {
        var touch = PersonFolder.TouchOf(Page(At(2024, 1, 1), utmSource: "Google", utmMedium: "cpc", utmCampaign: "spring", referrer: "https://www.google.com/"));

        Assert.Equal(new Touch(At(2024, 1, 1), "google", "spring", "Google", "cpc", "google.com"), touch);
    }

    [Fact]
    public void TouchOf_WithReferrerOnly_IsReferral()
    {
        var touch = PersonFolder.TouchOf(Page(At(2024, 1, 1), referrer: "https://www.news.example.com/a"));

        Assert.Equal(new Touch(At(2024, 1, 1), "news.example.com", null, null, "referral", "news.example.com"), touch);
    }

    [Theory]
    [InlineData("https://www.shop.example/home", "https://shop.example/cart")]
    [InlineData("https://shop.example/", "https://WWW.shop.example/checkout?step=2")]
    public void TouchOf_WithReferrerOnTheSameSite_IsNoTouch(string referrer, string page)
    {
        Assert.Null(PersonFolder.TouchOf(Page(At(2024, 1, 1), referrer: referrer) with { PageUrl = page }));
    }

    [Fact]
    public void TouchOf_WithUtmAndReferrerOnTheSameSite_KeepsUtmWithoutTheReferrer()
    {
        var touch = PersonFolder.TouchOf(Page(At(2024, 1, 1), utmSource: "newsletter", referrer: "https://shop.example/a") with { PageUrl = "https://shop.example/b" });

        Assert.Equal(new Touch(At(2024, 1, 1), "newsletter", null, "newsletter", null, null), touch);
    }

    [Fact]
    public void Fold_WithDirectVisitThenAPageOfTheSameSite_KeepsTheFirstReferralAsBothTouches()
    {
        var state = Fold(
            Page(At(2024, 1, 1, 9), referrer: "https://www.google.com/") with { PageUrl = "https://shop.example/" },
            Page(At(2024, 1, 1, 10), referrer: "https://shop.example/") with { PageUrl = "https://shop.example/cart" });

        Assert.Equal("google.com", state.FirstTouch?.Channel);
        Assert.Equal("google.com", state.LastTouch?.Channel);
    }

    [Fact]
    public void TouchOf_WithAdClickWithoutChannel_UsesAds()
    {
        var touch = PersonFolder.TouchOf(AdClick(At(2024, 1, 1), "facebook", null) with { Channel = null });

        Assert.Equal("ads", touch?.Channel);
        Assert.Null(touch?.Campaign);
    }

    [Fact]
    public void TouchOf_WithDirectVisit_IsNull()
    {
        Assert.Null(PersonFolder.TouchOf(Page(At(2024, 1, 1))));
    }
}
