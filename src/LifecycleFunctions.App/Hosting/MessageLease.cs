using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Keeps a received message invisible while its function runs, renewed every third of the lease: the lease
/// is short so that a message whose process died comes back within it, and renewal keeps a long step (a
/// recompute shard) from being handed to a second receiver and then counted as failed when its delete finds
/// the message gone. A renewal that meets a storage outage is tried again at the next tick, while the lease
/// still holds. Each renewal gives a new pop receipt; <see cref="StopAsync"/> returns the one to delete or
/// release the message with.
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

    /// <summary>Two renewals can fail in a row (a brief outage) before the lease runs out.</summary>
    public static TimeSpan RenewalInterval(TimeSpan lease) => lease / 3;

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
        var every = RenewalInterval(_lease);
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
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                // Gone or taken over (the pop receipt no longer matches): nothing more to keep; the delete at
                // the end says what happened.
                _logger.LogWarning("Could not renew the lease of message {MessageId} on {Queue}: {Reason}", _messageId, _queue.Name, ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }
            catch (Exception ex) when (TransientStorageError.Is(ex))
            {
                // Storage unreachable for a moment: the pop receipt still holds, so the next tick tries again.
                _logger.LogDebug(ex, "Renewing the lease of message {MessageId} on {Queue} failed; trying again in {Delay}", _messageId, _queue.Name, every);
            }
        }
    }
}
