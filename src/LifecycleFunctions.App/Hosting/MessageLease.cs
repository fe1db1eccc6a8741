using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Keeps a received message invisible while its function runs, as the Functions host does: renewed at half the
/// lease, so a long step (a recompute shard) is not handed to a second receiver and then counted as failed when
/// its delete finds the message gone. Each renewal gives a new pop receipt; <see cref="StopAsync"/> returns the
/// one to delete or release the message with.
/// </summary>
public sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _lease;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private string _popReceipt;

    private MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, ILogger logger)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _lease = lease;
        _logger = logger;
        _renewing = RenewAsync(_stop.Token);
    }

    public static MessageLease Start(QueueClient queue, QueueMessage message, TimeSpan lease, ILogger logger) => new(queue, message, lease, logger);

    /// <summary>Stops renewing and returns the latest pop receipt.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        return _popReceipt;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var every = _lease / 2;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, cancellationToken);
                var renewed = await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: _lease, cancellationToken: cancellationToken);
                _popReceipt = renewed.Value.PopReceipt;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex)
            {
                // Gone or taken over: nothing more to keep; the delete at the end says what happened.
                _logger.LogWarning(ex, "Could not renew the lease of message {MessageId} on {Queue}", _messageId, _queue.Name);
                return;
            }
        }
    }
}
