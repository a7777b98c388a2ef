using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Interest.Grains.Placement;

/// <summary>Places a grain only on silos whose metadata carries the inference role.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class InferenceRolePlacementFilterAttribute(int order = 0)
    : PlacementFilterAttribute(new InferenceRolePlacementFilterStrategy(order));

public sealed class InferenceRolePlacementFilterStrategy(int order) : PlacementFilterStrategy(order)
{
    public InferenceRolePlacementFilterStrategy() : this(0) { }
}

internal sealed class InferenceRolePlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos) =>
        silos.Where(silo => SiloRoles.Has(metadata.GetSiloMetadata(silo), SiloRoles.Inference)).ToList();
}
