using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>The versions an engine serves at one moment: replaced whole when a rollout changes them.</summary>
internal sealed class ServingSet(ServedModel current, ServedModel? candidate, double canaryShare)
{
    public ServedModel Current { get; } = current;

    public ServedModel? Candidate { get; } = candidate;

    public ServedModels Served { get; } = new(current.Description, candidate?.Description, canaryShare);

    public IEnumerable<ServedModel> Models => Candidate is null ? [Current] : [Current, Candidate];

    /// <summary>The model that <paramref name="version"/> names; empty names the current one.</summary>
    /// <exception cref="ModelVersionUnavailableException">Neither version served has that name.</exception>
    public ServedModel Resolve(string version)
    {
        if (version.Length == 0 || version == Current.Version) return Current;
        if (Candidate is not null && version == Candidate.Version) return Candidate;
        throw new ModelVersionUnavailableException(version, Describe());
    }

    public string Describe() => Candidate is null ? $"'{Current.Version}'" : $"'{Current.Version}' and candidate '{Candidate.Version}'";
}
