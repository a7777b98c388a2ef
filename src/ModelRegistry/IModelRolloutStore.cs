namespace Interest.ModelRegistry;

/// <summary>Where the rollout pointers and the index of published versions live.</summary>
public interface IModelRolloutStore
{
    /// <summary>The rollout; <see cref="ModelRollout.Empty"/> before the first change.</summary>
    Task<ModelRollout> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically replaces the rollout with <paramref name="change"/> of it and returns the new one. When another writer
    /// changed it in between, <paramref name="change"/> runs again on the newer rollout, so it must only compute. When it
    /// returns the very instance it was given, nothing is written.
    /// </summary>
    Task<ModelRollout> UpdateAsync(Func<ModelRollout, ModelRollout> change, CancellationToken cancellationToken = default);

    /// <summary>Every published version, oldest publication first.</summary>
    Task<IReadOnlyList<RegisteredModel>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="model"/>. Adding a version that is already there with the same SHA-256 changes nothing;
    /// with another SHA-256 it throws <see cref="ModelRegistryException"/>.
    /// </summary>
    Task AddAsync(RegisteredModel model, CancellationToken cancellationToken = default);
}
