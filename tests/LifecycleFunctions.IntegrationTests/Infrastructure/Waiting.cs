using LifecycleFunctions.Storage;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

public static class Waiting
{
    /// <summary>Until every queue is empty (messages being processed still count), twice in a row.</summary>
    public static async Task ForQueuesToDrainAsync(StorageClients storage, TimeSpan patience, params string[] queues)
    {
        var deadline = DateTime.UtcNow + patience;
        var quiet = 0;
        while (quiet < 2)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Queues {string.Join(", ", queues)} did not drain within {patience}.");
            }

            var counts = await Task.WhenAll(queues.Select(async q => (await storage.Queue(q).GetPropertiesAsync()).Value.ApproximateMessagesCount));
            quiet = counts.All(c => c == 0) ? quiet + 1 : 0;
            await Task.Delay(200);
        }
    }
}
