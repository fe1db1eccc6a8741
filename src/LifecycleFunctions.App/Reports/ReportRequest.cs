using System.Globalization;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Reporting;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Reports;

/// <summary>The reporting endpoint's parameters: route {stage}, and asOf, channel and cohort in the query string.</summary>
public sealed record ReportRequest(DateOnly? AsOf, ReportFilter Filter)
{
    public static (ReportRequest? Request, IResult? Problem) Parse(HttpContext context)
    {
        var query = context.Request.Query;
        LifecycleStage? stage = null;
        if (context.Request.RouteValues.TryGetValue("stage", out var routeStage) && routeStage is string name && name.Length > 0)
        {
            // Names only: Enum.TryParse would also take "3".
            var match = Enum.GetNames<LifecycleStage>().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return (null, Problems.Create(StatusCodes.Status404NotFound, "unknown-stage", "Unknown stage",
                    $"There is no stage '{name}'. Stages: {string.Join(", ", Enum.GetNames<LifecycleStage>())}."));
            }

            stage = Enum.Parse<LifecycleStage>(match);
        }

        DateOnly? asOf = null;
        if (query.TryGetValue("asOf", out var asOfText))
        {
            if (!DateOnly.TryParseExact(asOfText.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return (null, Invalid("asOf", $"asOf must be a recompute date as yyyy-MM-dd; got '{asOfText}'."));
            }

            asOf = day;
        }

        string? channel = null;
        if (query.TryGetValue("channel", out var channelText))
        {
            channel = channelText.ToString().Trim();
            if (channel.Length == 0)
            {
                return (null, Invalid("channel", "channel must name a first-touch channel (for example google, newsletter, direct); leave it out for all channels."));
            }
        }

        var granularity = CohortGranularity.Month;
        if (query.TryGetValue("cohort", out var cohortText))
        {
            switch (cohortText.ToString().ToLowerInvariant())
            {
                case "month":
                    break;
                case "week":
                    granularity = CohortGranularity.Week;
                    break;
                default:
                    return (null, Invalid("cohort", $"cohort must be 'month' or 'week'; got '{cohortText}'."));
            }
        }

        return (new ReportRequest(asOf, new ReportFilter(stage, channel, granularity)), null);
    }

    private static IResult Invalid(string parameter, string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "Invalid report parameter", detail, new Dictionary<string, object?> { ["parameter"] = parameter });
}
