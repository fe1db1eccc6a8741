using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Domain.Tests.Lifecycle;

public sealed class NightlyAsOfTests
{
    private static readonly DateTimeOffset TwoAm = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Resolve_AtTwoInTheMorning_IsTheDayThatEnded()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), NightlyAsOf.Resolve(TwoAm, new DateOnly(2026, 11, 22)));
    }

    [Fact]
    public void Resolve_OnTheFirstRunEver_IsTheDayThatEnded()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), NightlyAsOf.Resolve(TwoAm, null));
    }

    [Fact]
    public void Resolve_AtMidnightExactly_IsTheDayThatJustEnded()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), NightlyAsOf.Resolve(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), null));
    }

    [Fact]
    public void Resolve_InAnotherOffset_CountsUtcDays()
    {
        // 00:30 on the 24th in Berlin is 23:30 on the 23rd in UTC: the 22nd is the last complete UTC day.
        Assert.Equal(new DateOnly(2026, 11, 22), NightlyAsOf.Resolve(new DateTimeOffset(2026, 11, 24, 0, 30, 0, TimeSpan.FromHours(1)), null));
    }

    [Fact]
    public void Resolve_AfterARunByHandAsOfTodaySinceMidnight_StaysOnToday()
    {
        Assert.Equal(new DateOnly(2026, 11, 24), NightlyAsOf.Resolve(TwoAm, new DateOnly(2026, 11, 24)));
    }

    [Fact]
    public void Resolve_AfterABackfillOfAnEarlierDay_IsTheDayThatEnded()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), NightlyAsOf.Resolve(TwoAm, new DateOnly(2025, 1, 31)));
    }

    [Fact]
    public void Resolve_AfterARunAsOfAFutureDay_IsTheDayThatEnded()
    {
        // A run as of a day still to come (a forecast) must not pin the schedule to it.
        Assert.Equal(new DateOnly(2026, 11, 23), NightlyAsOf.Resolve(TwoAm, new DateOnly(2026, 12, 31)));
    }
}
