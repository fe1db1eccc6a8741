using Azure;
using Azure.Identity;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.Storage;

namespace LifecycleFunctions.App.Cli;

/// <summary>A command's storage failing (an error answer, a dropped connection, a sign-in that failed) told in one line, not a stack trace.</summary>
public static class StorageFailure
{
    /// <returns>What went wrong, or null for anything else: a bug keeps its stack trace.</returns>
    public static string? Describe(Exception ex) => ex switch
    {
        RequestFailedException { Status: 0 } unreachable => $"storage could not be reached ({unreachable.Message})",
        RequestFailedException failed => $"storage answered {failed.Status} ({failed.ErrorCode ?? failed.Message})",
        // The SDK's own retries spent: the last try's reason says it (a cancelled try is one that timed out).
        AggregateException aggregate when TransientStorageError.Is(aggregate) => $"{Describe(aggregate.InnerExceptions[^1]) ?? $"storage did not answer ({aggregate.InnerExceptions[^1].Message})"}, after {aggregate.InnerExceptions.Count} tries",
        AuthenticationFailedException or CredentialUnavailableException => $"{ex.GetType().Name}: {ex.Message}",
        _ when TransientStorageError.Is(ex) => $"{ex.GetType().Name}: {ex.Message}",
        _ => null,
    };
}
