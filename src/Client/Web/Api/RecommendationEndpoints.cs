using Interest.Abstractions;

namespace Interest.Web.Api;

public static class RecommendationEndpoints
{
    /// <summary>Maps the lookups and event ingestion of the web tier onto any host that has an <see cref="IGrainFactory"/>.</summary>
    public static IEndpointRouteBuilder MapInterestApi(this IEndpointRouteBuilder routes)
    {
        // The group puts these endpoints, and only these, in the OpenAPI document (see ApiReference).
        var api = routes.MapGroup(string.Empty).WithGroupName(ApiReference.DocumentName);
        api.MapGet("/users/{id}/recommendations", GetRecommendations)
            .WithName("GetRecommendations").WithSummary("The user's current top-k recommended items.")
            .Produces<UserRecommendations>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/users/{id}/interest", GetInterest)
            .WithName("GetInterest").WithSummary("The items the user's short-term and long-term interest each favour, and recent events.")
            .Produces<InterestSummary>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/users/{id}/updates", UserUpdates.Stream)
            .WithName("GetUserUpdates").WithSummary("Server-sent events: the user's list and interest now, and again each time the list changes.")
            .Produces<UserUpdate>(contentType: "text/event-stream").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/items/{id}/similar", GetSimilarItems)
            .WithName("GetSimilarItems").WithSummary("The k nearest items by learned item embedding (cosine).")
            .Produces<SimilarItems>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost("/events", EventIngestion.PostEvent)
            .WithName("PostEvent").WithSummary("Validates one clickstream event and produces it to Kafka.")
            .Accepts<EventSubmission>("application/json")
            .Produces<EventAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/health", () => Results.Ok(new { status = "ok" })).WithName("Health").AllowAnonymous();
        return routes;
    }

    private static async Task<IResult> GetRecommendations(string id, int? k, RecommendationLookup lookup, HttpResponse response)
    {
        if ((ApiProblems.CheckUserId(id) ?? ApiProblems.CheckK(k)) is { } problem) return problem;
        var (recommendations, timing) = await lookup.GetAsync(id, k ?? ApiProblems.DefaultK);
        response.Headers["Server-Timing"] = timing;
        return Results.Ok(recommendations);
    }

    private static async Task<IResult> GetInterest(string id, int? k, IGrainFactory grains)
    {
        if ((ApiProblems.CheckUserId(id) ?? ApiProblems.CheckK(k)) is { } problem) return problem;
        var summary = await grains.GetGrain<IUserGrain>(id).GetInterest(k ?? ApiProblems.DefaultK);
        return Results.Ok(summary);
    }

    private static async Task<IResult> GetSimilarItems(string id, int? k, IGrainFactory grains, CatalogInfo catalog)
    {
        if (ApiProblems.CheckK(k) is { } problem) return problem;
        int itemCount = await catalog.GetItemCountAsync();
        if (!int.TryParse(id, out int itemId) || itemId < 1 || itemId > itemCount)
        {
            return ApiProblems.Bad("invalid-item-id", $"An item id is an integer from 1 to {itemCount}.");
        }
        var similar = await grains.GetGrain<IInferenceGrain>(0).SimilarItems(itemId, k ?? ApiProblems.DefaultK);
        return Results.Ok(new SimilarItems(itemId, similar));
    }
}
