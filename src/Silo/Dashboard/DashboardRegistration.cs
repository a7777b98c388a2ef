using Interest.Grains.Inference;
using Interest.Grains.Placement;
using Orleans.Dashboard;

namespace Interest.Silo.Dashboard;

public static class DashboardRegistration
{
    /// <summary>The Orleans Dashboard, with an inference silo's local engine work shown as InferenceGrain calls.</summary>
    public static ISiloBuilder AddInterestDashboard(this ISiloBuilder silo, IReadOnlyList<string> roles)
    {
        silo.AddDashboard();
        if (roles.Contains(SiloRoles.Inference))
        {
            silo.Services.DecorateInferenceClient((services, local) =>
            {
                if (DashboardGrainProfiler.Track(services) is { } track) return new DashboardProfiledInferenceClient(local, track);
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardRegistration).FullName!)
                    .LogWarning("This Orleans Dashboard has no grain profiler to record local inference in: the dashboard shows InferenceGrain calls only");
                return local;
            });
        }
        return silo;
    }
}
