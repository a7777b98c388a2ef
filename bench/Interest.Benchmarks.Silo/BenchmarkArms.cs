using Interest.Grains.Inference;

namespace Interest.Benchmarks.Silo;

/// <summary>The benchmark's comparison arms, registered on top of the silo's own services when its settings ask for them.</summary>
public static class BenchmarkArms
{
    /// <summary>True: user updates go through <see cref="StatelessReencodingInferenceClient"/>.</summary>
    public const string StatelessReencodingKey = "Benchmark:StatelessReencoding";

    public static void Add(ISiloBuilder silo)
    {
        if (silo.Configuration.GetValue<bool>(StatelessReencodingKey))
        {
            silo.Services.DecorateInferenceClient((_, inner) => new StatelessReencodingInferenceClient(inner));
        }
    }
}
