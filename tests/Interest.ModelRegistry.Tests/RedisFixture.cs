using Interest.Testing;
using StackExchange.Redis;

namespace Interest.ModelRegistry.Tests;

/// <summary>One real redis-server for a test class; each test keeps to keys of its own prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private readonly List<IConnectionMultiplexer> _connections = [];

    public string ConnectionString => _server!.ConnectionString;

    public static string NewPrefix() => $"test:{Guid.NewGuid():N}";

    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        lock (_connections) _connections.Add(connection);
        return connection;
    }

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}
