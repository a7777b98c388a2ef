using StackExchange.Redis;

namespace Interest.ModelRegistry;

/// <summary>
/// The rollout in Redis: <c>&lt;prefix&gt;:rollout</c> holds the rollout as JSON and is only replaced in a transaction
/// conditioned on the value the change was computed from (retried when another writer came first);
/// <c>&lt;prefix&gt;:versions</c> is a hash of version to manifest JSON.
/// </summary>
public sealed class RedisModelRolloutStore : IModelRolloutStore, IAsyncDisposable, IDisposable
{
    /// <summary>Contention this high means something is wrong (a writer in a loop); giving up beats spinning forever.</summary>
    private const int MaxAttempts = 1000;

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly RedisKey _rolloutKey;
    private readonly RedisKey _versionsKey;

    /// <summary>A store on <paramref name="connection"/>, which stays the caller's to dispose.</summary>
    public RedisModelRolloutStore(IConnectionMultiplexer connection, string keyPrefix = "interest:models")
        : this(connection, keyPrefix, ownsConnection: false)
    {
    }

    private RedisModelRolloutStore(IConnectionMultiplexer connection, string keyPrefix, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        _connection = connection;
        _ownsConnection = ownsConnection;
        _rolloutKey = keyPrefix + ":rollout";
        _versionsKey = keyPrefix + ":versions";
    }

    /// <summary>Connects to <paramref name="connectionString"/>; the store closes the connection when disposed.</summary>
    public static async Task<RedisModelRolloutStore> ConnectAsync(string connectionString, string keyPrefix = "interest:models")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
        return new RedisModelRolloutStore(connection, keyPrefix, ownsConnection: true);
    }

    /// <summary>Connects without waiting for the server (for a service that starts before Redis answers); owns the connection.</summary>
    internal static RedisModelRolloutStore ConnectInBackground(string connectionString, string keyPrefix)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        return new RedisModelRolloutStore(ConnectionMultiplexer.Connect(configuration), keyPrefix, ownsConnection: true);
    }

    private IDatabase Database => _connection.GetDatabase();

    public async Task<ModelRollout> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisValue value = await Database.StringGetAsync(_rolloutKey);
        return Parse(value);
    }

    public async Task<ModelRollout> UpdateAsync(Func<ModelRollout, ModelRollout> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var database = Database;
            RedisValue seen = await database.StringGetAsync(_rolloutKey);
            var current = Parse(seen);
            var next = change(current);
            if (ReferenceEquals(next, current)) return current;

            var transaction = database.CreateTransaction();
            transaction.AddCondition(seen.IsNull ? Condition.KeyNotExists(_rolloutKey) : Condition.StringEqual(_rolloutKey, seen));
            _ = transaction.StringSetAsync(_rolloutKey, RegistryJson.Serialize(next));
            if (await transaction.ExecuteAsync()) return next;

            if (attempt == MaxAttempts)
            {
                throw new ModelRegistryException($"The rollout in Redis key '{_rolloutKey}' changed under each of {MaxAttempts} attempts to update it; try again.");
            }
            await Task.Delay(Random.Shared.Next(0, Math.Min(attempt, 10)), cancellationToken);
        }
    }

    public async Task<IReadOnlyList<RegisteredModel>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await Database.HashGetAllAsync(_versionsKey);
        return entries
            .Select(entry => RegistryJson.Deserialize<RegisteredModel>(entry.Value.ToString(), $"manifest of '{entry.Name}' in Redis hash '{_versionsKey}'"))
            .OrderBy(model => model.PublishedAt).ThenBy(model => model.Version, StringComparer.Ordinal)
            .ToArray();
    }

    public async Task AddAsync(RegisteredModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelVersionName.Check(model.Version);
        cancellationToken.ThrowIfCancellationRequested();
        var database = Database;
        if (await database.HashSetAsync(_versionsKey, model.Version, RegistryJson.Serialize(model), When.NotExists)) return;

        RedisValue existing = await database.HashGetAsync(_versionsKey, model.Version);
        var registered = RegistryJson.Deserialize<RegisteredModel>(existing.ToString(), $"manifest of '{model.Version}' in Redis hash '{_versionsKey}'");
        if (!string.Equals(registered.Sha256, model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelRegistryException(
                $"Refused: version '{model.Version}' is already published with other bytes (SHA-256 {registered.Sha256}); publish under a new version.");
        }
    }

    private ModelRollout Parse(RedisValue value) =>
        value.IsNull ? ModelRollout.Empty : RegistryJson.DeserializeRollout(value.ToString(), $"rollout in Redis key '{_rolloutKey}'");

    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection) await _connection.DisposeAsync();
    }

    public void Dispose()
    {
        if (_ownsConnection) _connection.Dispose();
    }
}
