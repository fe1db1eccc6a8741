namespace LifecycleFunctions.App.Cli;

/// <summary>An IProgress that reports on the caller's thread: Progress&lt;T&gt; posts to a context the console does not have.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
