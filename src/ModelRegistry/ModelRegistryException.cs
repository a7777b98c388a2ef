namespace Interest.ModelRegistry;

/// <summary>A registry operation was refused; the message says why and what to do.</summary>
public sealed class ModelRegistryException : Exception
{
    public ModelRegistryException(string message) : base(message) { }

    public ModelRegistryException(string message, Exception innerException) : base(message, innerException) { }
}
