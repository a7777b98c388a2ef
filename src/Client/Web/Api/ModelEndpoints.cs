using Interest.Abstractions;
using Interest.Web.Security;

namespace Interest.Web.Api;

/// <summary>
/// The served model versions with their online quality, and the rollout's admin endpoints: promote, canary,
/// rollback (an admin key; see <see cref="ApiKeyOptions.AdminApiKeys"/>).
/// </summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(string.Empty).WithGroupName(ApiReference.DocumentName);
        api.MapGet("/models", GetServedModels)
            .WithName("GetServedModels").WithSummary("The model versions served now, each with its online HR@10 and NDCG@10.")
            .Produces<ServedModelsView>().ProducesProblem(StatusCodes.Status401Unauthorized);

        var admin = api.MapGroup("/admin/models").RequireAuthorization(ApiKeyRegistration.AdminPolicy);
        admin.MapGet("", (IGrainFactory grains) => Call(() => Admin(grains).List()))
            .WithName("ListModels").WithSummary("Every published version with its online quality, and the rollout.")
            .Produces<ModelRegistryView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{version}/promote", (string version, IGrainFactory grains) => Call(() => Admin(grains).Promote(version)))
            .WithName("PromoteModel").WithSummary("Serves the version to every user; the previous current version is kept for a rollback.")
            .Produces<ModelRolloutView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{version}/candidate", async (string version, double? share, IGrainFactory grains) => share is null
                ? ApiProblems.Bad("invalid-share", "Give the share of users to try the candidate on, e.g. ?share=0.1 (0 < share <= 1).")
                : await Call(() => Admin(grains).SetCandidate(version, share.Value)))
            .WithName("SetCandidateModel").WithSummary("Serves the version to a share of users (by a hash of the user id) beside the current one.")
            .Produces<ModelRolloutView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/candidate", (IGrainFactory grains) => Call(() => Admin(grains).ClearCandidate()))
            .WithName("ClearCandidateModel").WithSummary("Ends the canary: every user back on the current version.")
            .Produces<ModelRolloutView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/rollback", (IGrainFactory grains) => Call(() => Admin(grains).Rollback()))
            .WithName("RollbackModel").WithSummary("Serves the version that was current before the last promotion, and ends any canary.")
            .Produces<ModelRolloutView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static IModelAdminGrain Admin(IGrainFactory grains) => grains.GetGrain<IModelAdminGrain>(0);

    private static async Task<IResult> GetServedModels(IGrainFactory grains)
    {
        var served = await grains.GetGrain<IInferenceGrain>(0).GetServedModels();
        async Task<ServedVersionView> View(ModelDescription model) =>
            new(model, await grains.GetGrain<IModelQualityGrain>(model.Version).Get());
        return Results.Ok(new ServedModelsView(
            await View(served.Current), served.Candidate is null ? null : await View(served.Candidate), served.CanaryShare));
    }

    private static async Task<IResult> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return Results.Ok(await call());
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Bad("model-rollout-refused", e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Results.Problem(title: "No model registry", detail: e.Message, statusCode: StatusCodes.Status404NotFound,
                type: "urn:interest:problem:no-model-registry");
        }
    }
}

/// <summary>The served versions: every user on <see cref="Current"/> except the canary share on <see cref="Candidate"/>.</summary>
public sealed record ServedModelsView(ServedVersionView Current, ServedVersionView? Candidate, double CanaryShare);

/// <summary>A served version and its online quality (HR@10 = hitRate, NDCG@10 = ndcg) measured on the live stream.</summary>
public sealed record ServedVersionView(ModelDescription Model, OnlineQualityTotals OnlineQuality);
