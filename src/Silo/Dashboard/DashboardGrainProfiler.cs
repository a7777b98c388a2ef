using System.Reflection;

namespace Interest.Silo.Dashboard;

/// <summary>
/// The dashboard's grain profiler (Orleans.Dashboard.Metrics.IGrainProfiler), which Microsoft.Orleans.Dashboard 10
/// registers but does not make public: its Track method, bound once through reflection. A dashboard version without
/// it leaves <see cref="Track"/> null; the silo then logs that and runs on (a test fails on such an upgrade).
/// </summary>
public static class DashboardGrainProfiler
{
    private const string InterfaceName = "Orleans.Dashboard.Metrics.IGrainProfiler";

    /// <summary>Track(elapsedMs, grainType, methodName, failed) of the silo's profiler, or null when there is none.</summary>
    public static Action<double, Type, string, bool>? Track(IServiceProvider services)
    {
        var profilerType = typeof(Orleans.Dashboard.DashboardOptions).Assembly.GetType(InterfaceName);
        var track = profilerType?.GetMethod("Track", BindingFlags.Public | BindingFlags.Instance, [typeof(double), typeof(Type), typeof(string), typeof(bool)]);
        if (profilerType is null || track is null || services.GetService(profilerType) is not { } profiler) return null;
        return track.CreateDelegate<Action<double, Type, string, bool>>(profiler);
    }
}
