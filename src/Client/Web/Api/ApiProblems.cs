using Interest.Abstractions;

namespace Interest.Web.Api;

/// <summary>Request checks shared by the endpoints; each failure is a 400 problem that says what was wrong.</summary>
internal static class ApiProblems
{
    public const int DefaultK = 10;

    public static IResult? CheckUserId(string id) =>
        InterestLimits.IsValidUserId(id)
            ? null
            : Bad("invalid-user-id", $"A user id is 1–{InterestLimits.MaxUserIdLength} printable characters with no control characters.");

    public static IResult? CheckK(int? k) =>
        k is null or (>= 1 and <= InterestLimits.MaxTopK)
            ? null
            : Bad("invalid-k", $"k must be between 1 and {InterestLimits.MaxTopK}; it was {k}.");

    public static IResult Bad(string code, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail, type: $"urn:interest:problem:{code}",
            extensions: new Dictionary<string, object?> { ["code"] = code });
}
