using LifecycleFunctions.Domain.Analytics;

namespace LifecycleFunctions.Domain.Tests.Analytics;

public class CohortPeriodsTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2024-06-03")]
    [InlineData("2024-06-04")]
    [InlineData("2024-06-05")]
    [InlineData("2024-06-06")]
    [InlineData("2024-06-07")]
    [InlineData("2024-06-08")]
    [InlineData("2024-06-09")]
    public void Start_WithAnyDayOfWeek_IsItsMonday(string day)
    {
        var start = CohortPeriods.Start(D(day), CohortGranularity.Week);

        Assert.Equal(D("2024-06-03"), start);
        Assert.Equal(DayOfWeek.Monday, start.DayOfWeek);
    }

    [Theory]
    [InlineData("1997-01-01", "1996-12-30")]
    [InlineData("1997-01-05", "1996-12-30")]
    [InlineData("1997-01-06", "1997-01-06")]
    [InlineData("1998-12-31", "1998-12-28")]
    [InlineData("1999-01-03", "1998-12-28")]
    [InlineData("2024-03-01", "2024-02-26")]
    public void Start_WithWeekAcrossMonthOrYear_IsMondayBefore(string day, string monday)
    {
        Assert.Equal(D(monday), CohortPeriods.Start(D(day), CohortGranularity.Week));
    }

    [Theory]
    [InlineData("1997-01-01", "1997-01-01")]
    [InlineData("1997-01-31", "1997-01-01")]
    [InlineData("2024-02-29", "2024-02-01")]
    [InlineData("1998-12-31", "1998-12-01")]
    public void Start_WithMonth_IsFirstOfMonth(string day, string first)
    {
        Assert.Equal(D(first), CohortPeriods.Start(D(day), CohortGranularity.Month));
    }

    [Theory]
    [InlineData("1997-01-01", "1997-W01")] // a Wednesday: its week starts 1996-12-30 but belongs to ISO year 1997
    [InlineData("1997-01-06", "1997-W02")]
    [InlineData("1997-12-29", "1998-W01")]
    [InlineData("1998-12-31", "1998-W53")]
    [InlineData("1999-01-03", "1998-W53")]
    [InlineData("1999-01-04", "1999-W01")]
    [InlineData("2021-01-03", "2020-W53")]
    [InlineData("2024-06-05", "2024-W23")]
    public void Label_WithWeekOfDay_IsIsoWeekYearAndWeek(string day, string label)
    {
        Assert.Equal(label, CohortPeriods.Label(CohortPeriods.Start(D(day), CohortGranularity.Week), CohortGranularity.Week));
    }

    [Theory]
    [InlineData("1997-01-01", "1997-01")]
    [InlineData("1998-12-01", "1998-12")]
    public void Label_WithMonth_IsYearAndMonth(string start, string label)
    {
        Assert.Equal(label, CohortPeriods.Label(D(start), CohortGranularity.Month));
    }

    [Theory]
    [InlineData("1997-01-01", "1997-01-31", 0)]
    [InlineData("1997-01-01", "1997-02-01", 1)]
    [InlineData("1997-11-01", "1998-02-15", 3)]
    [InlineData("1997-01-01", "1998-06-30", 17)]
    [InlineData("1997-03-01", "1998-07-01", 16)]
    [InlineData("1997-12-01", "1999-01-01", 13)]
    public void Offset_WithMonthsAcrossYears_CountsCalendarMonths(string cohort, string day, int offset)
    {
        Assert.Equal(offset, CohortPeriods.Offset(D(cohort), D(day), CohortGranularity.Month));
    }

    [Theory]
    [InlineData("1996-12-30", "1997-01-05", 0)]
    [InlineData("1996-12-30", "1997-01-06", 1)]
    [InlineData("1996-12-30", "1997-01-13", 2)]
    [InlineData("1998-12-28", "1999-01-04", 1)]
    [InlineData("1996-12-30", "1997-12-31", 52)]
    public void Offset_WithWeeksAcrossYears_CountsMondays(string cohort, string day, int offset)
    {
        Assert.Equal(offset, CohortPeriods.Offset(D(cohort), D(day), CohortGranularity.Week));
    }

    [Theory]
    [InlineData("1997-11-01", 3, CohortGranularity.Month, "1998-02-01")]
    [InlineData("1997-01-01", 18, CohortGranularity.Month, "1998-07-01")]
    [InlineData("1998-12-28", 1, CohortGranularity.Week, "1999-01-04")]
    [InlineData("1996-12-30", 52, CohortGranularity.Week, "1997-12-29")]
    public void Add_WithPeriods_GivesStartOfLaterPeriod(string start, int periods, CohortGranularity granularity, string expected)
    {
        Assert.Equal(D(expected), CohortPeriods.Add(D(start), periods, granularity));
    }
}
