using LifecycleFunctions.App.Hosting;
using Microsoft.Extensions.Configuration;

namespace LifecycleFunctions.IntegrationTests.Hosting;

public class TimerScheduleLastTests
{
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    [Theory]
    [InlineData("0 0 2 * * *", "2026-12-03T01:59:59Z", "2026-12-02T02:00:00Z")]
    [InlineData("0 0 2 * * *", "2026-12-03T02:00:00Z", "2026-12-03T02:00:00Z")]
    [InlineData("0 */5 * * * *", "2026-12-03T10:07:00Z", "2026-12-03T10:05:00Z")]
    [InlineData("0 0 2 1 * *", "2026-12-03T10:00:00Z", "2026-12-01T02:00:00Z")]
    public void Last_WithAnOccurrenceWithinAMonth_FindsTheLatestAtOrBefore(string schedule, string atOrBefore, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimerSchedule.Parse(schedule, NoSettings).Last(DateTimeOffset.Parse(atOrBefore, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Last_WithAYearlySchedule_LooksNoFurtherThanAMonthBack()
    {
        Assert.Null(TimerSchedule.Parse("0 0 2 1 1 *", NoSettings).Last(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero)));
    }
}
