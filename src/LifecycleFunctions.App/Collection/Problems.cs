using LifecycleFunctions.Domain.Capture;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Collection;

/// <summary>RFC 7807 problem details for the collection API, each with a stable type URI a client can switch on.</summary>
public static class Problems
{
    public const string TypePrefix = "urn:lifecycle-functions:problem:";

    public static IResult Create(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + type, extensions: extensions);

    public static IResult InvalidEvent(IReadOnlyList<EventError> errors) => Create(
        StatusCodes.Status400BadRequest,
        "invalid-event",
        "The event is invalid",
        string.Join(" ", errors.Select(e => e.Detail)),
        new Dictionary<string, object?> { ["errors"] = errors.Select(ToJson).ToList() });

    public static IResult InvalidBatch(IReadOnlyList<RejectedEvent> rejected) => Create(
        StatusCodes.Status400BadRequest,
        "invalid-batch",
        "Every event of the batch is invalid",
        $"None of the {rejected.Count} events could be accepted; see 'rejected' for each event's errors.",
        new Dictionary<string, object?> { ["rejected"] = rejected });

    /// <summary>Storage refused, dropped or did not answer in time: nothing was accepted or changed, and a retry is safe.</summary>
    public static IResult StorageUnavailable()
    {
        const int RetryAfterSeconds = 5;
        return new RetryAfterResult(
            Create(StatusCodes.Status503ServiceUnavailable, "storage-unavailable", "Storage unavailable",
                "Storage could not be reached in time; nothing was accepted or changed. Retry the same request after Retry-After seconds (message ids make a retried Segment call safe).",
                new Dictionary<string, object?> { ["retryAfterSeconds"] = RetryAfterSeconds }),
            RetryAfterSeconds);
    }

    public static object ToJson(EventError e) => new { field = e.Field, rule = e.Rule, detail = e.Detail };
}
