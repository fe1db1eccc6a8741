using Azure;

namespace LifecycleFunctions.Storage.Failures;

/// <summary>
/// Reads the <c>&lt;queue&gt;-poison</c> queues for a replay. A peek sees only the first 32 messages, so they are
/// received instead, under a lease: a replay that dies leaves them invisible only until the lease ends.
/// </summary>
public sealed class PoisonQueues(StorageClients clients)
{
    private const int PageSize = 32;

    public async Task<IReadOnlyList<LeasedPoisonMessage>> ReceiveAllAsync(string queue, TimeSpan lease, CancellationToken cancellationToken)
    {
        var poison = clients.Queue(StorageNames.PoisonQueue(queue));
        var list = new List<LeasedPoisonMessage>();
        if (!(await poison.ExistsAsync(cancellationToken)).Value)
        {
            return list;
        }

        while (true)
        {
            var page = (await poison.ReceiveMessagesAsync(PageSize, lease, cancellationToken)).Value;
            if (page.Length == 0)
            {
                return list;
            }

            list.AddRange(page.Select(m => new LeasedPoisonMessage(poison.Name, m.MessageId, m.PopReceipt, m.Body.ToString(), m.InsertedOn)));
        }
    }

    /// <summary>Once its body is back on its queue. A message whose lease ran out and that another replay took is that replay's now.</summary>
    public async Task DeleteAsync(LeasedPoisonMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Queue(message.PoisonQueue).DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == "PopReceiptMismatch")
        {
            // Gone, or received again by someone else after the lease ran out (400 PopReceiptMismatch): theirs now.
        }
    }

    /// <summary>Visible again at once, unchanged: a dry run, or what a replay did not get to.</summary>
    public async Task ReleaseAsync(LeasedPoisonMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Queue(message.PoisonQueue).UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 || ex.ErrorCode == "PopReceiptMismatch")
        {
            // Gone, or received again by someone else after the lease ran out (400 PopReceiptMismatch): theirs now.
        }
    }
}
