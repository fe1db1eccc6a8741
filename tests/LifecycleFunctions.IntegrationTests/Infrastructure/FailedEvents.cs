using LifecycleFunctions.Storage.Failures;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>Waits for a queue function to record a message in the failed-events table.</summary>
public static class FailedEvents
{
    public static async Task<FailedEvent?> WaitForAsync(FailedEventStore failures, string queue, string messageId)
    {
        var deadline = DateTime.UtcNow + StoredEvents.Patience;
        while (true)
        {
            var failed = (await failures.ListAsync(queue, CancellationToken.None)).SingleOrDefault(f => f.MessageId == messageId);
            if (failed is not null || DateTime.UtcNow > deadline)
            {
                return failed;
            }

            await Task.Delay(100);
        }
    }
}
