using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming.Broker;

/// <summary>
/// Accepts TCP connections on one endpoint and joins each to a new connection to another, copying bytes both ways
/// until either side closes. It makes the embedded broker, which librdkafka binds to loopback, reachable on an address
/// other hosts can route to.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly HashSet<Socket> _open = [];

    public TcpRelay(IPEndPoint listen, IPEndPoint target, ILogger logger)
    {
        _target = target;
        _logger = logger;
        _listener = new TcpListener(listen);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public IPEndPoint ListeningOn => (IPEndPoint)_listener.LocalEndpoint;

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket inbound;
            try
            {
                inbound = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                _logger.LogWarning(e, "The relay to {Target} could not accept a connection", _target);
                continue;
            }
            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(Socket inbound)
    {
        using var outbound = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (inbound)
        {
            inbound.NoDelay = true;
            lock (_open) { _open.Add(inbound); _open.Add(outbound); }
            try
            {
                await outbound.ConnectAsync(_target, _stopping.Token);
                await using var fromClient = new NetworkStream(inbound, ownsSocket: false);
                await using var toTarget = new NetworkStream(outbound, ownsSocket: false);
                // When one direction ends, the other is cut too: Kafka connections are request/response pairs and a
                // half-open connection would only hold a librdkafka broker thread waiting.
                await Task.WhenAny(Pump(fromClient, toTarget), Pump(toTarget, fromClient));
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                _logger.LogDebug(e, "A relayed connection to {Target} ended", _target);
            }
            finally
            {
                lock (_open) { _open.Remove(inbound); _open.Remove(outbound); }
            }
        }
    }

    private async Task Pump(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, _stopping.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        lock (_open)
        {
            foreach (var socket in _open)
            {
                try { socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
            }
        }
        await _acceptLoop;
        _stopping.Dispose();
    }
}
