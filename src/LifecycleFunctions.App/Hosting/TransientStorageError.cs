using Azure;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Storage failures a listener outlives: an error reply, a dropped or refused connection, or the Azure SDK's
/// AggregateException once its own retries of those are spent.
/// </summary>
public static class TransientStorageError
{
    public static bool Is(Exception ex) => ex switch
    {
        RequestFailedException or HttpRequestException or IOException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
        _ => false,
    };
}
