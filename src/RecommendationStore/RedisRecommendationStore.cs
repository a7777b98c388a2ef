using System.Diagnostics;
using Interest.Abstractions;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Interest.RecommendationStore;

/// <summary>
/// Each user's latest recommendations (the whole stored top-K) under one Redis key, in the Orleans binary format of
/// <see cref="UserRecommendations"/>: written by the user grain after every update, read by the web tier. A lookup
/// then costs one Redis GET instead of a call into a silo that is busy ingesting (docs/ARCHITECTURE.md, "Lookups").
/// </summary>
public sealed class RedisRecommendationStore : IRecommendationStore, IAsyncDisposable
{
    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly RecommendationStoreOptions _options;
    private readonly Serializer<UserRecommendations> _serializer;
    private readonly TimeSpan _readTimeout;

    public RedisRecommendationStore(string connectionString, RecommendationStoreOptions options, Serializer<UserRecommendations> serializer)
    {
        options.Validate();
        _options = options;
        _serializer = serializer;
        _readTimeout = TimeSpan.FromMilliseconds(options.ReadTimeoutMs);
        var configuration = ConfigurationOptions.Parse(connectionString);
        // Keep reconnecting in the background, and fail commands at once while disconnected instead of queueing them:
        // a failed publish is retried with its Kafka delivery, and a failed read falls back to the grain.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // Connecting starts now, so that the first lookups do not time out waiting for it.
        _connection = ConnectionMultiplexer.ConnectAsync(configuration);
    }

    public RedisKey KeyFor(string userId) => _options.KeyPrefix + userId;

    /// <summary>Where the event count of the user's published list is kept, outside the list keys' SCAN pattern.</summary>
    public RedisKey EventCountKeyFor(string userId) => _options.KeyPrefix.TrimEnd(':') + "-event-count:" + userId;

    /// <summary>
    /// Writes the user's list with the store's time to live, unless the store holds a list of more events. The list
    /// is serialised before this returns, so the caller may reuse its arrays.
    /// </summary>
    /// <remarks>
    /// Last writer does not win: a silo cut off the network can have writes in its socket's send buffer that reach
    /// Redis only when the link comes back, after the silo that took over its users published newer lists.
    /// </remarks>
    public Task PublishAsync(UserRecommendations recommendations)
    {
        byte[] value = _serializer.SerializeToArray(recommendations);
        return WriteAsync(recommendations.UserId, value, recommendations.EventCount);
    }

    private const string WriteUnlessNewerScript = """
        local stored = tonumber(redis.call('GET', KEYS[2]) or '-1')
        if tonumber(ARGV[2]) < stored then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    private async Task WriteAsync(string userId, byte[] value, long eventCount)
    {
        // Only inside a traced update (an event that came with trace context): untraced updates make no span.
        using var activity = Activity.Current is null ? null : RecommendationStoreTracing.Source.StartActivity("recommendation store write", ActivityKind.Client);
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", "EVAL");
        try
        {
            var redis = await _connection;
            await redis.GetDatabase().ScriptEvaluateAsync(WriteUnlessNewerScript, [KeyFor(userId), EventCountKeyFor(userId)],
                [value, eventCount, (long)_options.TimeToLive.TotalMilliseconds]);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>
    /// The user's published list cut to <paramref name="k"/>, or null when none is published (never updated, or idle
    /// for longer than the time to live). Throws when Redis does not answer within the read timeout.
    /// </summary>
    public async Task<UserRecommendations?> TryReadAsync(string userId, int k)
    {
        var redis = await _connection.WaitAsync(_readTimeout);
        using var lease = await redis.GetDatabase().StringGetLeaseAsync(KeyFor(userId)).WaitAsync(_readTimeout);
        if (lease is null) return null;
        var published = _serializer.Deserialize(lease.Memory)
            ?? throw new InvalidDataException($"The recommendation store holds an empty value for user '{userId}'.");
        return published.Items.Length <= k ? published : published with { Items = published.Items[..k] };
    }

    /// <summary>
    /// Up to <paramref name="count"/> users that have a published list, found by SCAN over the store's keys (the web
    /// tier's warm-up looks them up). Which users is up to Redis.
    /// </summary>
    public async Task<IReadOnlyList<string>> SampleUserIdsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var redis = await _connection.WaitAsync(cancellationToken);
        var users = new List<string>(count);
        string pattern = EscapeGlob(_options.KeyPrefix) + "*";
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica) continue;
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: Math.Min(1000, count * 4)).WithCancellation(cancellationToken))
            {
                users.Add(((string)key!)[_options.KeyPrefix.Length..]);
                if (users.Count == count) return users;
            }
        }
        return users;
    }

    private static string EscapeGlob(string literal)
    {
        var escaped = new System.Text.StringBuilder(literal.Length);
        foreach (char c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await (await _connection).DisposeAsync();
        }
        catch (RedisException)
        {
            // Never connected; nothing to close.
        }
    }
}
