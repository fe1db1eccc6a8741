using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace LifecycleFunctions.App.Collection;

/// <summary>
/// A body Kestrel could not deliver: slower than its minimum data rate (or request body timeout), shorter than
/// its Content-Length, or its connection reset mid-way. The sender's doing, so a problem detail and not a 500;
/// the sender may be gone and not read it, which is fine.
/// </summary>
public sealed record BodyReadProblem(int Status, string Type, string Title, string Detail)
{
    /// <param name="requestAborted">The request's token: Kestrel takes a connection the client closed (or half-closed)
    /// mid-body for a client gone, and cancels the read.</param>
    /// <returns>The problem, or null when the exception is not a body that failed to arrive.</returns>
    public static BodyReadProblem? From(Exception ex, CancellationToken requestAborted) => ex switch
    {
        OperationCanceledException when requestAborted.IsCancellationRequested => Incomplete(ex),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => new(StatusCodes.Status408RequestTimeout, "request-timeout", "Request body too slow",
            "The body arrived slower than the server's minimum data rate, so it was not read; nothing was accepted. Send the request again."),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } or ConnectionResetException => Incomplete(ex),
        // What a reset or cut-off connection can surface as from the request body stream.
        IOException and not BadHttpRequestException => Incomplete(ex),
        _ => null,
    };

    public IResult ToResult() => Problems.Create(Status, Type, Title, Detail);

    private static BodyReadProblem Incomplete(Exception ex) => new(StatusCodes.Status400BadRequest, "incomplete-body", "Incomplete body",
        $"The body ended before its Content-Length, or the connection closed while it was read ({ex.Message}); nothing was accepted. Send the whole request again.");
}
