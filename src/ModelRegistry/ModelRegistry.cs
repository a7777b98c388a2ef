using System.Globalization;
using System.Security.Cryptography;
using Interest.Inference;

namespace Interest.ModelRegistry;

/// <summary>
/// Publishes model files into the registry directory (<c>&lt;version&gt;.model</c>, with a manifest in the
/// <see cref="Store"/>) and moves the rollout pointers: promote, canary candidate, rollback. Every refusal is a
/// <see cref="ModelRegistryException"/> that says why.
/// </summary>
public sealed class ModelRegistry
{
    private const int CopyBufferBytes = 1 << 20;

    private readonly TimeProvider _time;

    public ModelRegistry(string directory, IModelRolloutStore store, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(store);
        Directory = Path.GetFullPath(directory);
        Store = store;
        _time = time ?? TimeProvider.System;
    }

    public string Directory { get; }

    public IModelRolloutStore Store { get; }

    /// <summary>Where version <paramref name="version"/>'s model file is: <c>&lt;directory&gt;/&lt;version&gt;.model</c>.</summary>
    /// <exception cref="ModelRegistryException"><paramref name="version"/> is not a valid version name.</exception>
    public string PathOf(string version)
    {
        ModelVersionName.Check(version);
        return Path.Combine(Directory, version + ".model");
    }

    /// <summary>
    /// Checks the whole model file (header, metadata and weights) and publishes it under the version its metadata names.
    /// Publishing the same bytes again changes nothing; other bytes under a published version are refused. The first
    /// version published while there is no current one becomes current.
    /// </summary>
    public async Task<RegisteredModel> PublishAsync(string modelFilePath, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFilePath);
        string source = Path.GetFullPath(modelFilePath);
        if (!File.Exists(source)) throw new ModelRegistryException($"Refused: model file '{source}' does not exist.");

        System.IO.Directory.CreateDirectory(Directory);
        // What is checked and hashed is the copy that gets published, not a file that could change in between.
        string temporary = AtomicFile.TemporaryPathFor(Path.Combine(Directory, "publish"));
        try
        {
            var (sizeBytes, sha256) = await CopyAndHashAsync(source, temporary, ct);
            var metadata = Check(temporary, source);
            ModelVersionName.Check(metadata.Version);
            string version = metadata.Version;

            if (await FindAsync(version, ct) is { } registered)
            {
                if (!SameHash(registered.Sha256, sha256))
                {
                    throw new ModelRegistryException(
                        $"Refused: version '{version}' is already published with other bytes (SHA-256 {registered.Sha256}, this file {sha256}); " +
                        "publish under a new version (e.g. Interest.Training --version).");
                }
                // A manifest whose file went missing gets the file back.
                AtomicFile.Move(temporary, PathOf(version), overwrite: false);
                await BecomeCurrentIfNoneAsync(version, ct);
                return registered;
            }

            string target = PathOf(version);
            if (!AtomicFile.Move(temporary, target, overwrite: false))
            {
                string existing = await HashAsync(target, ct);
                if (!SameHash(existing, sha256))
                {
                    throw new ModelRegistryException(
                        $"Refused: '{target}' already holds other bytes (SHA-256 {existing}) but version '{version}' has no manifest, " +
                        "e.g. after an interrupted publish; remove that file and publish again.");
                }
            }

            var model = new RegisteredModel(version, metadata.ItemCount, metadata.EmbeddingSize, metadata.HiddenSize, metadata.CreatedAt,
                _time.GetUtcNow(), metadata.TrainingMetrics, sizeBytes, sha256);
            await Store.AddAsync(model, ct);
            await BecomeCurrentIfNoneAsync(version, ct);
            // Another publisher of the same bytes may have recorded it first; its manifest is the one that stays.
            return await FindAsync(version, ct) ?? model;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public Task<IReadOnlyList<RegisteredModel>> ListAsync(CancellationToken ct = default) => Store.ListAsync(ct);

    public Task<ModelRollout> ReadRolloutAsync(CancellationToken ct = default) => Store.ReadAsync(ct);

    /// <summary>
    /// Makes <paramref name="version"/> current; the previous current version goes on the history (the most recent
    /// <see cref="ModelRollout.MaxHistory"/> are kept). A candidate being promoted stops being the candidate.
    /// Promoting the current version changes nothing.
    /// </summary>
    public async Task<ModelRollout> PromoteAsync(string version, CancellationToken ct = default)
    {
        await RequirePublishedAsync(version, ct);
        return await Store.UpdateAsync(rollout =>
        {
            if (rollout.Current == version) return rollout;
            bool wasCandidate = rollout.Candidate == version;
            return rollout with
            {
                Current = version,
                Candidate = wasCandidate ? null : rollout.Candidate,
                CanaryShare = wasCandidate ? 0 : rollout.CanaryShare,
                History = rollout.Current is null ? rollout.History : [.. rollout.History.Append(rollout.Current).TakeLast(ModelRollout.MaxHistory)],
                ChangedAt = _time.GetUtcNow(),
            };
        }, ct);
    }

    /// <summary>Serves <paramref name="version"/> to <paramref name="canaryShare"/> (more than 0, at most 1) of the traffic beside the current version.</summary>
    public async Task<ModelRollout> SetCandidateAsync(string version, double canaryShare, CancellationToken ct = default)
    {
        if (!(canaryShare > 0 && canaryShare <= 1))
        {
            throw new ModelRegistryException(
                $"Refused: the canary share is {canaryShare.ToString(CultureInfo.InvariantCulture)}; it must be more than 0 and at most 1 (e.g. 0.1 for 10%).");
        }
        await RequirePublishedAsync(version, ct);
        return await Store.UpdateAsync(rollout =>
        {
            if (rollout.Current == version)
            {
                throw new ModelRegistryException($"Refused: version '{version}' is already current; a candidate must be another version.");
            }
            return rollout with { Candidate = version, CanaryShare = canaryShare, ChangedAt = _time.GetUtcNow() };
        }, ct);
    }

    /// <summary>Stops the canary: all traffic goes to the current version.</summary>
    public Task<ModelRollout> ClearCandidateAsync(CancellationToken ct = default) =>
        Store.UpdateAsync(rollout => rollout.Candidate is null && rollout.CanaryShare == 0
            ? rollout
            : rollout with { Candidate = null, CanaryShare = 0, ChangedAt = _time.GetUtcNow() }, ct);

    /// <summary>Makes the most recent version of the history current again (taking it off the history) and clears the candidate.</summary>
    public Task<ModelRollout> RollbackAsync(CancellationToken ct = default) =>
        Store.UpdateAsync(rollout =>
        {
            if (rollout.History.Count == 0)
            {
                throw new ModelRegistryException(
                    $"Refused: there is nothing to roll back to; no version was current before {(rollout.Current is null ? "(none is current)" : $"'{rollout.Current}'")}.");
            }
            return rollout with
            {
                Current = rollout.History[^1],
                Candidate = null,
                CanaryShare = 0,
                History = [.. rollout.History.Take(rollout.History.Count - 1)],
                ChangedAt = _time.GetUtcNow(),
            };
        }, ct);

    private async Task<RegisteredModel?> FindAsync(string version, CancellationToken ct) =>
        (await Store.ListAsync(ct)).FirstOrDefault(model => model.Version == version);

    private async Task RequirePublishedAsync(string version, CancellationToken ct)
    {
        ModelVersionName.Check(version);
        var models = await Store.ListAsync(ct);
        if (models.Any(model => model.Version == version)) return;
        string published = models.Count == 0 ? "none is" : string.Join(", ", models.Select(model => model.Version)) + (models.Count == 1 ? " is" : " are");
        throw new ModelRegistryException($"Refused: version '{version}' is not published ({published}); publish its model file first.");
    }

    private Task BecomeCurrentIfNoneAsync(string version, CancellationToken ct) =>
        Store.UpdateAsync(rollout => rollout.Current is null
            ? rollout with { Current = version, ChangedAt = _time.GetUtcNow() }
            : rollout, ct);

    /// <summary>The metadata of the model file at <paramref name="path"/> once all of it has loaded; errors name <paramref name="shownPath"/>.</summary>
    private static ModelMetadata Check(string path, string shownPath)
    {
        try
        {
            var (model, metadata) = ModelFile.Load(path);
            model.Dispose();
            return metadata;
        }
        catch (InvalidDataException exception)
        {
            throw new ModelRegistryException($"Refused: {exception.Message.Replace(path, shownPath, StringComparison.Ordinal)}", exception);
        }
    }

    private static async Task<(long SizeBytes, string Sha256)> CopyAndHashAsync(string source, string destination, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferBytes, useAsync: true))
        await using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, useAsync: true))
        {
            var buffer = new byte[CopyBufferBytes];
            int read;
            while ((read = await input.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
                size += read;
            }
            output.Flush(flushToDisk: true);
        }
        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferBytes, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static bool SameHash(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
