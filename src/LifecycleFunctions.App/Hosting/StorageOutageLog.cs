using System.Globalization;
using Azure;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// How a polling loop reports storage it cannot reach: one warning when an outage starts, with a short reason
/// (the innermost cause, its status), one line when storage answers again and how long it was gone. Every
/// failure in between, with its stack, is at Debug: a loop retrying every couple of seconds would otherwise
/// write the SDK's whole exception chain (kilobytes of retries and headers) each time.
/// </summary>
public sealed class StorageOutageLog(ILogger logger, TimeProvider time, string source)
{
    private const int MaxReasonLength = 300;

    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private int _failures;

    public bool InOutage
    {
        get
        {
            lock (_gate)
            {
                return _since is not null;
            }
        }
    }

    /// <summary>A storage call failed; <paramref name="context"/> says which, at Debug.</summary>
    public void Failed(Exception ex, string context)
    {
        bool first;
        int failures;
        lock (_gate)
        {
            first = _since is null;
            _since ??= time.GetUtcNow();
            failures = ++_failures;
        }

        if (first)
        {
            logger.LogWarning("{Source}: storage unreachable ({Reason}); retrying, further failures at Debug until it answers", source, Reason(ex));
        }

        logger.LogDebug(ex, "{Source}: {Context} failed (failure {Failures} of this outage)", source, context, failures);
    }

    /// <summary>A storage call answered: ends the outage, if there was one.</summary>
    public void Succeeded()
    {
        DateTimeOffset since;
        int failures;
        lock (_gate)
        {
            if (_since is null)
            {
                return;
            }

            (since, failures) = (_since.Value, _failures);
            (_since, _failures) = (null, 0);
        }

        logger.LogInformation("{Source}: storage reachable again after {Duration} ({Failures} failed calls)", source, time.GetUtcNow() - since, failures);
    }

    /// <summary>
    /// Whether a failure says storage is unreachable or overloaded (no reply, 408, 429, 5xx), rather than that it
    /// refused this request (a 4xx, which names a fault of its own and is logged as one).
    /// </summary>
    public static bool IsOutage(Exception ex) => TransientStorageError.Is(ex, failed => failed.Status is 0 or 408 or 429 or >= 500);

    /// <summary>
    /// The innermost cause on one line: its message's first line, with the storage status and error code when
    /// a reply carried them; an SDK message goes on with the request's headers.
    /// </summary>
    public static string Reason(Exception ex)
    {
        RequestFailedException? reply = null;
        var inner = ex;
        while (true)
        {
            if (inner is RequestFailedException { Status: > 0 } failed)
            {
                reply = failed;
            }

            var next = inner is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[^1] : inner.InnerException;
            if (next is null)
            {
                break;
            }

            inner = next;
        }

        var message = FirstLine(inner.Message);
        var reason = reply is null
            ? $"{inner.GetType().Name}: {message}"
            : string.Create(CultureInfo.InvariantCulture, $"status {reply.Status}{(reply.ErrorCode is { } code ? " " + code : string.Empty)}: {(ReferenceEquals(inner, reply) ? FirstLine(reply.Message) : message)}");
        return reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] + "…";
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? text : text[..end]).Trim();
    }
}
