using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Interest.Grains.Placement;

/// <summary>What a silo does, published as silo metadata so that placement can see it cluster-wide.</summary>
public static class SiloRoles
{
    public const string MetadataKey = "interest.roles";
    public const string Ingest = "ingest";
    public const string Inference = "inference";
    public static readonly IReadOnlyList<string> All = [Ingest, Inference];

    public static bool Has(SiloMetadata? metadata, string role) =>
        metadata is not null
        && metadata.Metadata.TryGetValue(MetadataKey, out var roles)
        && Parse(roles).Contains(role);

    public static IReadOnlyList<string> Parse(string? roles) =>
        (roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant()).Distinct().ToArray();
}
