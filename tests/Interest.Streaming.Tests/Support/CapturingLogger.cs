using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming.Tests.Support;

public sealed record CapturedLog(LogLevel Level, string Category, string Message, Exception? Exception);

/// <summary>Keeps every log line so that tests can assert on what was logged; also echoes warnings and errors to the test output.</summary>
public sealed class CapturingLoggerProvider(ITestOutputHelper? output = null) : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public ILogger<T> CreateLogger<T>() => new Logger<T>(new SingleProviderFactory(this));

    public IEnumerable<CapturedLog> AtLeast(LogLevel level) => Logs.Where(l => l.Level >= level);

    public void Dispose()
    {
    }

    private void Add(CapturedLog log)
    {
        Logs.Enqueue(log);
        if (log.Level >= (Environment.GetEnvironmentVariable("INTEREST_TEST_LOG") == "all" ? LogLevel.Debug : LogLevel.Warning))
        {
            try
            {
                output?.WriteLine($"[{log.Level}] {log.Category}: {log.Message}{(log.Exception is null ? "" : " -- " + log.Exception.GetType().Name + ": " + log.Exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output is closed.
            }
        }
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new CapturedLog(logLevel, category, formatter(state, exception), exception));
    }

    private sealed class SingleProviderFactory(ILoggerProvider provider) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider loggerProvider) => throw new NotSupportedException();

        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
