using System.Globalization;
using LifecycleFunctions.App.Collection;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Reports;

/// <summary>A workbook request's parameters (stage, asOf, channel, cohort), read the same way from HTTP and from the CLI.</summary>
public sealed record ReportRequest(DateOnly? AsOf, ReportFilter Filter)
{
    /// <summary>From the route {stage} and the query string; a problem result when a parameter is wrong.</summary>
    public static (ReportRequest? Request, IResult? Problem) Parse(HttpContext context)
    {
        var query = context.Request.Query;
        var stage = context.Request.RouteValues.TryGetValue("stage", out var value) ? value as string : null;
        var (request, error) = Parse(stage, Single(query, "asOf"), Single(query, "channel"), Single(query, "cohort"));
        if (error is null)
        {
            return (request, null);
        }

        return (null, error.Parameter == "stage"
            ? Problems.Create(StatusCodes.Status404NotFound, "unknown-stage", "Unknown stage", error.Detail)
            : Problems.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "Invalid report parameter", error.Detail, new Dictionary<string, object?> { ["parameter"] = error.Parameter }));
    }

    public static (ReportRequest? Request, ReportParameterError? Error) Parse(string? stageText, string? asOfText, string? channelText, string? cohortText)
    {
        LifecycleStage? stage = null;
        if (!string.IsNullOrEmpty(stageText))
        {
            // Names only: Enum.TryParse would also take "3".
            var match = Enum.GetNames<LifecycleStage>().FirstOrDefault(n => string.Equals(n, stageText, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return (null, new ReportParameterError("stage", $"There is no stage '{stageText}'. Stages: {string.Join(", ", Enum.GetNames<LifecycleStage>())}."));
            }

            stage = Enum.Parse<LifecycleStage>(match);
        }

        DateOnly? asOf = null;
        if (asOfText is not null)
        {
            if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return (null, new ReportParameterError("asOf", $"asOf must be a recompute date as yyyy-MM-dd; got '{asOfText}'."));
            }

            asOf = day;
        }

        string? channel = null;
        if (channelText is not null)
        {
            channel = channelText.Trim();
            if (channel.Length == 0)
            {
                return (null, new ReportParameterError("channel", "channel must name a first-touch channel (for example google, newsletter, direct); leave it out for all channels."));
            }
        }

        var granularity = CohortGranularity.Month;
        switch (cohortText?.ToLowerInvariant())
        {
            case null or "month":
                break;
            case "week":
                granularity = CohortGranularity.Week;
                break;
            default:
                return (null, new ReportParameterError("cohort", $"cohort must be 'month' or 'week'; got '{cohortText}'."));
        }

        return (new ReportRequest(asOf, new ReportFilter(stage, channel, granularity)), null);
    }

    private static string? Single(IQueryCollection query, string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;
}
