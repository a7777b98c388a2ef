using System.Text.Json;
using System.Text.Json.Serialization;
using Interest.Streaming;
using Interest.Web.Page;
using Interest.Web.Security;

namespace Interest.Web.Api;

public static class WebApiRegistration
{
    /// <summary>The services the endpoints need, for the web tier and for the all-in-one demo silo alike.</summary>
    public static IServiceCollection AddInterestWebApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails();
        services.AddApiKeyAuthentication(configuration);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddInterestOpenApi();
        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection("Kafka"));
        services.AddSingleton(provider => new CatalogInfo(provider.GetRequiredService<IGrainFactory>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IClickEventPublisher, KafkaClickEventPublisher>();
        services.AddSingleton(TimeProvider.System);
        services.AddRecommendationLookup(configuration);
        services.AddInterestPage(configuration);
        return services;
    }

    public static WebApplication UseInterestWebApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapInterestApiReference();
        app.MapInterestApi();
        app.MapModelEndpoints();
        app.MapInterestPage();
        // Built now rather than at the first lookup, so that the store's connection is up before lookups arrive.
        app.Services.GetRequiredService<RecommendationLookup>();
        return app;
    }
}
