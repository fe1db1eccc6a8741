using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.App.Hosting;

/// <summary>
/// Behind the Functions host, the host moves a message to its -poison queue after maxDequeueCount failed attempts with
/// the body only; on the last attempt this records why in the failed-events table first, as the standalone listener does.
/// </summary>
public sealed class PoisonReasonMiddleware(
    FunctionCatalog catalog, QueueHostSettings settings, PoisonRecorder recorder, ILogger<PoisonReasonMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && LastAttempt(context) is { } message)
        {
            logger.LogError(ex, "{Function} failed on message {MessageId} for the {Attempt}th time; the Functions host moves it to {PoisonQueue}",
                context.FunctionDefinition.Name, message.Id, message.DequeueCount, message.Queue + "-poison");
            await recorder.RecordAsync(
                context.FunctionDefinition.Name, message.Queue, message.Id, message.Body, message.DequeueCount, PoisonRecorder.Describe(ex));
            throw;
        }
    }

    /// <summary>The queue message of this invocation from the host's trigger metadata, when this is its last attempt.</summary>
    private (string Queue, string Id, string Body, long DequeueCount)? LastAttempt(FunctionContext context)
    {
        var declaration = catalog.Declarations.FirstOrDefault(d => d.Name == context.FunctionDefinition.Name);
        var data = context.BindingContext.BindingData;
        if (declaration is not { IsQueue: true, Trigger.QueueName: { } queue }
            || !long.TryParse(Text(data, "DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
            || count < settings.MaxDequeueCount)
        {
            return null;
        }

        return (queue, Text(data, "Id") ?? string.Empty, Text(data, "QueueTrigger") ?? string.Empty, count);
    }

    /// <summary>Metadata values arrive as JSON text: a string keeps its quotes.</summary>
    private static string? Text(IReadOnlyDictionary<string, object?> data, string name) =>
        data.TryGetValue(name, out var value) && value?.ToString() is { } text
            ? text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? System.Text.Json.JsonSerializer.Deserialize<string>(text) : text
            : null;
}
