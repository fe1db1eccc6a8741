using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>Keeps every log line the app writes, so a test can say what an operator would have read.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _lines = new();

    public IReadOnlyList<RecordedLog> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<RecordedLog> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new RecordedLog(category, logLevel, formatter(state, exception), exception));
    }
}

public sealed record RecordedLog(string Category, LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : " [" + Exception.GetType().Name + "]")}";
}
