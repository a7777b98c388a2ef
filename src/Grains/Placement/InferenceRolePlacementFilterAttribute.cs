using Orleans.Placement;

namespace Interest.Grains.Placement;

/// <summary>Places a grain only on silos whose metadata carries the inference role.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class InferenceRolePlacementFilterAttribute(int order = 0)
    : PlacementFilterAttribute(new InferenceRolePlacementFilterStrategy(order));
