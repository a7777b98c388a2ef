using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;

namespace Interest.Grains.Placement;

public static class PlacementRegistration
{
    public static IServiceCollection AddInferenceRolePlacement(this IServiceCollection services) =>
        services.AddPlacementFilter<InferenceRolePlacementFilterStrategy, InferenceRolePlacementFilterDirector>(ServiceLifetime.Singleton);
}
