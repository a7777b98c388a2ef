namespace Interest.Abstractions;

/// <summary>
/// The inference silo does not serve the model version a request names (a rollout is moving on, or the silo has not
/// loaded it yet). Transient: the caller refreshes its view of the served models and retries.
/// </summary>
[GenerateSerializer, Alias("interest.ModelVersionUnavailableException")]
public sealed class ModelVersionUnavailableException : Exception
{
    public ModelVersionUnavailableException()
        : base("The model version is not served here.")
    {
    }

    public ModelVersionUnavailableException(string version, string served)
        : base($"Model version '{version}' is not served here (serving {served}).")
    {
        Version = version;
    }

    [Id(0)] public string Version { get; private set; } = "";
}
