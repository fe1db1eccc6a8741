using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>Keeps every log entry written through it (as a logger, or as the app's logger provider) for a test to count.</summary>
public sealed class RecordingLogger : ILogger, ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly string _category;

    public RecordingLogger(string category = "")
    {
        _category = category;
        Root = this;
    }

    private RecordingLogger(string category, RecordingLogger root)
    {
        _category = category;
        Root = root;
    }

    private RecordingLogger Root { get; }

    public IReadOnlyList<Entry> Entries => [.. Root._entries];

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, Root);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Root._entries.Enqueue(new Entry(_category, logLevel, formatter(state, exception), exception));

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);
}
