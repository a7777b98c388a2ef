using System.Text.Json;
using System.Text.Json.Serialization;

namespace Interest.ModelRegistry;

/// <summary>How rollouts and manifests are written, in Redis and in files alike.</summary>
internal static class RegistryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Training metrics may hold NaN (e.g. a figure no user could be evaluated on).
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new ModelRegistryException($"The registry's {what} is null.");
        }
        catch (JsonException exception)
        {
            throw new ModelRegistryException($"The registry's {what} is not valid JSON ({exception.Message}); fix or remove it.", exception);
        }
    }

    /// <summary>A rollout read back, with a missing history (e.g. hand-written JSON) read as none.</summary>
    public static ModelRollout DeserializeRollout(string json, string what)
    {
        var rollout = Deserialize<ModelRollout>(json, what);
        return rollout.History is null ? rollout with { History = [] } : rollout;
    }
}
