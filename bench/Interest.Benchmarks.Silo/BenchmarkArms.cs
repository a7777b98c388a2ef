using Interest.Grains.Inference;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
            var registered = silo.Services.Single(service => service.ServiceType == typeof(IInferenceClient));
            Func<IServiceProvider, IInferenceClient> inner = registered switch
            {
                { ImplementationType: { } type } => services => (IInferenceClient)ActivatorUtilities.CreateInstance(services, type),
                { ImplementationFactory: { } factory } => services => (IInferenceClient)factory(services),
                { ImplementationInstance: IInferenceClient instance } => _ => instance,
                _ => throw new InvalidOperationException($"{nameof(IInferenceClient)} is registered in a way this arm cannot decorate: {registered}."),
            };
            silo.Services.Replace(ServiceDescriptor.Singleton<IInferenceClient>(services => new StatelessReencodingInferenceClient(inner(services))));
        }
    }
}
