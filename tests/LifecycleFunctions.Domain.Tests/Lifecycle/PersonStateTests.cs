using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using static LifecycleFunctions.Domain.Tests.Lifecycle.LifecycleEvents;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

public class PersonStateTests
{
    private const string AnonymousKey = "a:" + AnonymousId;
    private const string UserKey = "u:" + UserId;

    private static readonly LifecycleOptions Options = new();

    /// <summary>What the visitor did before signing in, filed under the anonymous id.</summary>
    private static List<CapturedEvent> AnonymousEvents() =>
    [
        Page(At(2024, 1, 1, 9), utmSource: "Google", utmMedium: "cpc", utmCampaign: "spring"),
        AdClick(At(2024, 1, 3), "facebook", "summer"),
        Track(At(2024, 1, 4), "Signed Up", userId: null, anonymousId: AnonymousId),
        Order(At(2024, 1, 6), "o-1", 100m, userId: null),
        Track(At(2024, 1, 7), "Product Reviewed", userId: null, anonymousId: AnonymousId),
        Identify(At(2024, 1, 8), userId: null, anonymousId: AnonymousId, email: "anon@example.com"),
    ];

    /// <summary>What the known user did, overlapping the anonymous history in time and in one order.</summary>
    private static List<CapturedEvent> UserEvents() =>
    [
        Identify(At(2024, 1, 5), anonymousId: AnonymousId, email: "ada@example.com"),
        Order(At(2024, 1, 6), "o-1", 100m),
        Refund(At(2024, 1, 9), "o-1", 30m),
        Order(At(2024, 2, 1), "o-2", 50m),
        Page(At(2024, 2, 2), referrer: "https://www.news.example.com/"),
        Track(At(2024, 2, 3), "NPS Submitted", """{"score":9}"""),
    ];

    private static PersonState Anonymous() => Fold(Options, AnonymousKey, AnonymousEvents());

    private static PersonState User() => Fold(Options, UserKey, UserEvents());

    [Fact]
    public void StageMemberFrom_AsOfADayBeforeTheFirstTouch_ShowsTheMemberAsDirect()
    {
        var person = Fold(Order(At(2024, 1, 5), "o-1", 20m), AdClick(At(2024, 1, 10), "google", "summer", 1m, AnonymousId));

        Assert.Equal(Touch.Direct, StageMember.From(person, LifecycleStage.Conversion, new DateOnly(2024, 1, 5), new DateOnly(2024, 1, 9)).FirstTouchChannel);
        Assert.Equal("google", StageMember.From(person, LifecycleStage.Conversion, new DateOnly(2024, 1, 5), new DateOnly(2024, 1, 10)).FirstTouchChannel);
    }

    [Fact]
    public void Merge_AnonymousIntoUser_EqualsMergingUserIntoAnonymous()
    {
        var intoUser = User();
        intoUser.Merge(Anonymous());
        var intoAnonymous = Anonymous();
        intoAnonymous.Merge(User());

        Assert.Equal(JsonWithoutKeys(intoUser), JsonWithoutKeys(intoAnonymous));
        Assert.Equal(AllKeys(intoUser), AllKeys(intoAnonymous));
    }

    [Fact]
    public void Merge_OfPartialStates_EqualsFoldingAllEventsIntoOne()
    {
        var merged = User();
        merged.Merge(Anonymous());

        var folded = Fold(Options, UserKey, AnonymousEvents().Concat(UserEvents()));

        Assert.Equal(JsonWithoutKeys(folded), JsonWithoutKeys(merged));
    }

    [Fact]
    public void Merge_WithMergedState_KeepsEveryFactOfBoth()
    {
        var merged = User();
        merged.Merge(Anonymous());

        Assert.Equal(At(2024, 1, 1, 9), merged.FirstSeen);
        Assert.Equal(At(2024, 2, 3), merged.LastSeen);
        Assert.Equal(At(2024, 1, 4), merged.IdentifiedAt);
        Assert.Equal("anon@example.com", merged.Email);
        Assert.Equal(OrderFact.Completion("o-1", At(2024, 1, 6), 100m).Merge(OrderFact.Refund("o-1", null, 30m, At(2024, 1, 9))), merged.Orders["o-1"]);
        Assert.Equal(2, merged.Orders.Count);
        Assert.Equal([At(2024, 1, 7), At(2024, 2, 3)], merged.AdvocacySignals);
        Assert.Equal("google", merged.FirstTouch?.Channel);
        Assert.Equal("news.example.com", merged.LastTouch?.Channel);
        Assert.Equal(LifecycleStage.Advocacy, new StageClassifier(Options).Classify(merged, new DateOnly(2024, 2, 10)));
    }

    [Fact]
    public void Merge_Twice_EqualsOnce()
    {
        var once = User();
        once.Merge(Anonymous());
        var twice = User();
        twice.Merge(Anonymous());
        twice.Merge(Anonymous());

        Assert.Equal(Json(once), Json(twice));
    }

    [Fact]
    public void Merge_WithItsOwnCopy_ChangesNothing()
    {
        var state = User();
        state.Merge(User());

        Assert.Equal(Json(User()), Json(state));
        Assert.Empty(state.MergedKeys);
    }

    [Fact]
    public void Merge_WithEmptyState_ChangesNothingButMergedKeys()
    {
        var state = User();
        state.Merge(new PersonState { Key = AnonymousKey });

        Assert.Equal(JsonWithoutKeys(User()), JsonWithoutKeys(state));
        Assert.Equal([AnonymousKey], state.MergedKeys);
    }

    [Fact]
    public void Merge_InAnyGrouping_GivesSameState()
    {
        static PersonState Second() => Fold(Options, "a:anon-2", [Page(At(2023, 12, 20), referrer: "https://blog.example.org/"), Order(At(2024, 3, 1), "o-3", 5m, userId: null)]);

        // (user + anonymous) + second
        var left = User();
        left.Merge(Anonymous());
        left.Merge(Second());

        // user + (anonymous + second)
        var inner = Anonymous();
        inner.Merge(Second());
        var right = User();
        right.Merge(inner);

        Assert.Equal(Json(left), Json(right));
        Assert.Equal("blog.example.org", right.FirstTouch?.Channel);
    }

    [Fact]
    public void Merge_WithOtherKey_RecordsItInMergedKeys()
    {
        var state = User();
        state.Merge(Anonymous());

        Assert.Equal(UserKey, state.Key);
        Assert.Equal([AnonymousKey], state.MergedKeys);
    }

    [Fact]
    public void Merge_WithStateThatHadMergedKeys_TakesThemOverWithoutOwnKey()
    {
        var anonymous = Anonymous();
        anonymous.Merge(new PersonState { Key = "a:anon-2" });
        anonymous.Merge(new PersonState { Key = UserKey });

        var user = User();
        user.Merge(anonymous);

        Assert.Equal([AnonymousKey, "a:anon-2"], user.MergedKeys);
        Assert.DoesNotContain(UserKey, user.MergedKeys);
    }

    [Fact]
    public void Merge_WithEarlierTouchInOther_TakesItAsFirstTouchAndKeepsLatestAsLast()
    {
        var later = Fold(Options, UserKey, [Page(At(2024, 3, 1), referrer: "https://www.news.example.com/"), AdClick(At(2024, 3, 5), "facebook", "summer")]);
        var earlier = Fold(Options, AnonymousKey, [AdClick(At(2024, 1, 1), "tiktok", "teaser"), Page(At(2024, 2, 1), utmSource: "google", utmCampaign: "spring")]);

        later.Merge(earlier);

        Assert.Equal(new Touch(At(2024, 1, 1), "tiktok", "teaser", "tiktok", "cpc", null), later.FirstTouch);
        Assert.Equal(new Touch(At(2024, 3, 5), "facebook", "summer", "facebook", "cpc", null), later.LastTouch);
    }
}
