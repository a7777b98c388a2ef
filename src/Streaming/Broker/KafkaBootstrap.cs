using System.Diagnostics;
using System.Net.Sockets;

namespace Interest.Streaming.Broker;

/// <summary>Finds the brokers a client should connect to.</summary>
public static class KafkaBootstrap
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Kafka:BootstrapServers when set; otherwise the address a running silo's embedded broker wrote to
    /// Kafka:BootstrapFile, waiting up to <paramref name="wait"/> for a silo to start and for its broker to accept connections.
    /// </summary>
    /// <exception cref="InvalidOperationException">No broker was found in time.</exception>
    public static async Task<string> ResolveAsync(KafkaOptions options, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesEmbeddedBroker) return options.BootstrapServers!.Trim();

        var elapsed = Stopwatch.StartNew();
        string? lastSeen = null;
        while (true)
        {
            lastSeen = BootstrapFileWriter.TryRead(options.BootstrapFile);
            if (lastSeen is not null && await IsAcceptingConnectionsAsync(lastSeen, cancellationToken).ConfigureAwait(false))
            {
                return lastSeen;
            }
            if (elapsed.Elapsed >= wait) break;
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        string found = lastSeen is null
            ? $"the file {options.BootstrapFile} does not exist"
            : $"the file {options.BootstrapFile} names {lastSeen}, where nothing accepts connections (the silo that wrote it has stopped)";
        throw new InvalidOperationException(
            $"No Kafka broker found after {wait.TotalSeconds:0.#} s: Kafka:BootstrapServers is not set and {found}. " +
            "Start a silo (with Kafka:BootstrapServers empty it hosts an embedded broker and writes that file) " +
            "or set Kafka:BootstrapServers to a real Kafka cluster.");
    }

    public static string Resolve(KafkaOptions options, TimeSpan wait) =>
        ResolveAsync(options, wait).GetAwaiter().GetResult();

    /// <summary>True when at least one of the comma-separated host:port entries accepts a TCP connection.</summary>
    public static async Task<bool> IsAcceptingConnectionsAsync(string bootstrapServers, CancellationToken cancellationToken = default)
    {
        foreach (string entry in bootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string hostAndPort = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
            int colon = hostAndPort.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hostAndPort[(colon + 1)..], out int port)) continue;
            string host = hostAndPort[..colon].Trim('[', ']');
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                // Try the next entry.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Connect timed out; try the next entry.
            }
        }
        return false;
    }
}
