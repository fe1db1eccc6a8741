using System.Runtime.CompilerServices;
using Azure;
using LifecycleFunctions.Engine.Replay;

namespace LifecycleFunctions.Storage.Failures;

/// <summary>
/// Reads the <c>&lt;queue&gt;-poison</c> queues for a replay. A peek sees only the first 32 messages, so they are
/// received instead, under a lease that only has to last while the replay reads and plans: it releases them all
/// then, keeping the pop receipts, and takes each back only for its own send.
/// </summary>
public sealed class PoisonQueues(StorageClients clients) : IPoisonQueues
{
    private const int PageSize = 32;

    /// <summary>Each message as it is received, so a caller that fails part-way knows every message it holds.</summary>
    public async IAsyncEnumerable<LeasedPoisonMessage> ReceiveAllAsync(string queue, TimeSpan lease, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var poison = clients.Queue(StorageNames.PoisonQueue(queue));
        if (!(await poison.ExistsAsync(cancellationToken)).Value)
        {
            yield break;
        }

        while (true)
        {
            var page = (await poison.ReceiveMessagesAsync(PageSize, lease, cancellationToken)).Value;
            if (page.Length == 0)
            {
                yield break;
            }

            foreach (var m in page)
            {
                yield return new LeasedPoisonMessage(poison.Name, m.MessageId, m.PopReceipt, m.Body.ToString(), m.InsertedOn);
            }
        }
    }

    /// <summary>
    /// A released message leased again, from the pop receipt its release left, for its send. Null when someone
    /// else received it since (another replay) or it is gone: theirs now.
    /// </summary>
    public Task<LeasedPoisonMessage?> TakeAsync(LeasedPoisonMessage message, TimeSpan lease, CancellationToken cancellationToken) =>
        SetVisibilityAsync(message, lease, cancellationToken);

    /// <summary>Once its body is back on its queue. A message whose lease ran out and that another replay took is that replay's now.</summary>
    public async Task DeleteAsync(LeasedPoisonMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Queue(message.PoisonQueue).DeleteMessageAsync(message.MessageId, message.Receipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (IsGoneOrTheirs(ex))
        {
        }
    }

    /// <summary>
    /// Visible again at once, unchanged: read for a plan, left out of it, or in hand when a replay stopped.
    /// Returns it with the pop receipt that takes it back; null when it is gone or someone else's.
    /// </summary>
    public Task<LeasedPoisonMessage?> ReleaseAsync(LeasedPoisonMessage message, CancellationToken cancellationToken) =>
        SetVisibilityAsync(message, TimeSpan.Zero, cancellationToken);

    public bool IsStorageFailure(Exception exception) => TransientStorageError.Is(exception);

    private async Task<LeasedPoisonMessage?> SetVisibilityAsync(LeasedPoisonMessage message, TimeSpan hiddenFor, CancellationToken cancellationToken)
    {
        try
        {
            var receipt = await clients.Queue(message.PoisonQueue)
                .UpdateMessageAsync(message.MessageId, message.Receipt, visibilityTimeout: hiddenFor, cancellationToken: cancellationToken);
            return message with { Receipt = receipt.Value.PopReceipt };
        }
        catch (RequestFailedException ex) when (IsGoneOrTheirs(ex))
        {
            return null;
        }
    }

    // Gone, or received again by someone else after the lease ran out (400 PopReceiptMismatch).
    private static bool IsGoneOrTheirs(RequestFailedException ex) => ex.Status == 404 || ex.ErrorCode == "PopReceiptMismatch";
}
