using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interest.Grains.Inference;

public static class InferenceClientDecoration
{
    /// <summary>
    /// Replaces the registered <see cref="IInferenceClient"/> (a type, a factory or an instance) with
    /// <paramref name="decorate"/> applied to it, so that decorators stack in the order they are added.
    /// </summary>
    public static IServiceCollection DecorateInferenceClient(this IServiceCollection services,
        Func<IServiceProvider, IInferenceClient, IInferenceClient> decorate)
    {
        var registered = services.Single(service => service.ServiceType == typeof(IInferenceClient));
        Func<IServiceProvider, IInferenceClient> inner = registered switch
        {
            { ImplementationType: { } type } => provider => (IInferenceClient)ActivatorUtilities.CreateInstance(provider, type),
            { ImplementationFactory: { } factory } => provider => (IInferenceClient)factory(provider),
            { ImplementationInstance: IInferenceClient instance } => _ => instance,
            _ => throw new InvalidOperationException($"{nameof(IInferenceClient)} is registered in a way that cannot be decorated: {registered}."),
        };
        services.Replace(ServiceDescriptor.Singleton<IInferenceClient>(provider => decorate(provider, inner(provider))));
        return services;
    }
}
