using Orleans.Placement;

namespace Interest.Grains.Placement;

public sealed class InferenceRolePlacementFilterStrategy(int order) : PlacementFilterStrategy(order)
{
    public InferenceRolePlacementFilterStrategy() : this(0) { }
}
