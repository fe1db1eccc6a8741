using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using LifecycleFunctions.Engine.Capture;
using LifecycleFunctions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Standalone mode's queue trigger: polls one Storage queue the way the Azure Functions host does, with the
/// host.json settings: batchSize messages at a time, a new batch when at most newBatchThreshold are in flight,
/// polling back-off up to maxPollingInterval, visibilityTimeout between retries, and the poison queue after
/// maxDequeueCount failed attempts, with a failed-events record that says why.
/// </summary>
public sealed class QueueTriggerListener(
    HostedFunction function,
    QueueHostSettings settings,
    StorageClients clients,
    QueueListenerMetrics metrics,
    PoisonRecorder poisonRecorder,
    TimeProvider time,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(50);

    private readonly string _name = function.Declaration.Name;

    private readonly string _queueName = function.Declaration.Trigger.QueueName
        ?? throw new InvalidOperationException($"{function.Declaration.Name}: a queueTrigger needs queueName.");

    private readonly StorageOutageLog _outage = new(logger, time, $"Queue {function.Declaration.Trigger.QueueName}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = clients.Queue(_queueName);
        var poison = clients.Queue(StorageNames.PoisonQueue(_queueName));
        var counters = metrics.For(_queueName);
        var running = new List<Task>();
        var delay = MinPollingInterval;
        var failureDelay = PollingBackoff.First(settings.MaxPollingInterval);

        logger.LogInformation("Listening to queue {Queue} for {Function}", _queueName, _name);
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > settings.NewBatchThreshold)
            {
                await Task.WhenAny(running);
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.ProcessingLease, stoppingToken)).Value;
                _outage.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Whatever storage (or the SDK's handling of its reply) throws, not only the failures listed as
                // transient: a loop that ended here would fault the BackgroundService, and that stops the whole
                // app. It says so once per outage rather than at every poll, and backs off.
                _outage.Failed(ex, TransientStorageError.Is(ex) ? "receiving messages" : $"receiving messages (unexpected {ex.GetType().Name})");
                await Delay(failureDelay, stoppingToken);
                failureDelay = PollingBackoff.Next(failureDelay, settings.MaxPollingInterval);
                continue;
            }

            failureDelay = PollingBackoff.First(settings.MaxPollingInterval);

            if (messages.Length == 0)
            {
                await Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            delay = MinPollingInterval;
            running.AddRange(messages.Select(m => Task.Run(() => HandleAsync(queue, poison, counters, m, stoppingToken), CancellationToken.None)));
        }

        await Task.WhenAll(running);
    }

    private async Task HandleAsync(QueueClient queue, QueueClient poison, QueueListenerMetrics.Counters counters, QueueMessage message, CancellationToken stoppingToken)
    {
        var lease = MessageLease.Start(queue, message, settings.ProcessingLease, logger);
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                // Seen more often than allowed without a recorded failure: the process died while handling it.
                await poisonRecorder.RecordAsync(_name, _queueName, message.MessageId, message.Body.ToString(), message.DequeueCount, "the process stopped while handling it (each attempt ended without a result)");
                await MoveToPoisonAsync(queue, poison, message, await lease.StopAsync(), counters, stoppingToken);
                return;
            }

            await function.InvokeQueueAsync(Decode(message), stoppingToken);
            await DeleteHandledAsync(queue, message.MessageId, await lease.StopAsync());
            counters.AddCompleted();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(queue, message, await lease.StopAsync());
        }
        catch (Exception ex)
        {
            counters.AddFailedAttempt();
            await FailAsync(queue, poison, message, await lease.StopAsync(), counters, ex);
        }
        finally
        {
            await lease.DisposeAsync();
        }
    }

    private async Task FailAsync(QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt, QueueListenerMetrics.Counters counters, Exception ex)
    {
        try
        {
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                logger.LogError(ex, "{Function} failed on message {MessageId} for the {Attempt}th time; moving it to {PoisonQueue}", _name, message.MessageId, message.DequeueCount, StorageNames.PoisonQueue(_queueName));
                await poisonRecorder.RecordAsync(_name, _queueName, message.MessageId, message.Body.ToString(), message.DequeueCount, PoisonRecorder.Describe(ex));
                await MoveToPoisonAsync(queue, poison, message, popReceipt, counters, CancellationToken.None);
                return;
            }

            if (StorageOutageLog.IsOutage(ex))
            {
                // Every message in flight fails alike while storage is gone: the outage is reported once.
                _outage.Failed(ex, $"{_name} on message {message.MessageId} (attempt {message.DequeueCount} of {settings.MaxDequeueCount})");
            }
            else
            {
                logger.LogWarning(ex, "{Function} failed on message {MessageId} (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}", _name, message.MessageId, message.DequeueCount, settings.MaxDequeueCount, settings.VisibilityTimeout);
            }

            await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
        }
        catch (Exception inner) when (TransientStorageError.Is(inner))
        {
            // The lease ends by itself and the message comes back; nothing is lost.
            _outage.Failed(inner, $"releasing message {message.MessageId} (it reappears when its lease ends)");
        }
    }

    /// <summary>
    /// Shutting down (a scale-in, a deployment): the message is made visible at once, so another instance takes
    /// it now instead of after the rest of its lease (minutes, and a recompute waits for every shard).
    /// </summary>
    private async Task ReleaseAsync(QueueClient queue, QueueMessage message, string popReceipt)
    {
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            logger.LogInformation("Stopping: released message {MessageId} on {Queue} for another instance", message.MessageId, _queueName);
        }
        catch (Exception ex) when (TransientStorageError.Is(ex))
        {
            _outage.Failed(ex, $"stopping: releasing message {message.MessageId} (it reappears when its lease ends)");
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, string popReceipt, QueueListenerMetrics.Counters counters, CancellationToken cancellationToken)
    {
        await poison.SendMessageAsync(message.Body.ToString(), cancellationToken);
        await DeleteHandledAsync(queue, message.MessageId, popReceipt);
        counters.AddPoisoned();
    }

    /// <summary>
    /// A 404 means the message is gone or was taken over by another receiver after its lease ran out: the work
    /// is done here, and counting it as a failed attempt would poison a message that succeeded.
    /// </summary>
    private async Task DeleteHandledAsync(QueueClient queue, string messageId, string popReceipt)
    {
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt, CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            logger.LogWarning("Message {MessageId} on {Queue} was handled after its lease ended; it may be handled again", messageId, _queueName);
        }
    }

    /// <summary>
    /// With messageEncoding base64 the function gets the decoded bytes, as the Functions host's queue client decodes
    /// them before binding; they may not be UTF-8, which the capture functions then refuse.
    /// </summary>
    private QueueMessage Decode(QueueMessage message)
    {
        if (!settings.Base64)
        {
            return message;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(message.Body.ToString());
        }
        catch (FormatException)
        {
            // Same leniency as the Functions host: a message that is not base64 is passed on as it is.
            return message;
        }

        return QueuesModelFactory.QueueMessage(
            message.MessageId, message.PopReceipt, new BinaryData(bytes), message.DequeueCount, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
    }

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
