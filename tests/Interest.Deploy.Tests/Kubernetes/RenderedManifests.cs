using k8s;
using k8s.Models;

namespace Interest.Deploy.Tests.Kubernetes;

/// <summary>deploy/kubernetes rendered by `kubectl kustomize` and read back strictly into the client's typed models.</summary>
public sealed class RenderedManifests
{
    public const string Directory = "deploy/kubernetes";

    public RenderedManifests()
    {
        var result = ExternalTool.Run("kubectl", ["kustomize", Directory]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize {Directory} failed: {result.StandardError}");
        Yaml = result.StandardOutput;
        // strict: a field the Kubernetes API does not define (a typo, a wrong nesting level) throws.
        Objects = KubernetesYaml.LoadAllFromString(Yaml, strict: true);
    }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Named<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name) ?? throw new KeyNotFoundException($"No {typeof(T).Name} named {name}.");

    public static IEnumerable<V1EnvVar> Env(V1Container container) => container.Env ?? [];

    public static string? Value(V1Container container, string name) => Env(container).SingleOrDefault(e => e.Name == name)?.Value;

    /// <summary>A container port given by number or by name, as a number.</summary>
    public static int Port(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out int number) ? number
        : container.Ports?.SingleOrDefault(p => p.Name == port.Value)?.ContainerPort
          ?? throw new KeyNotFoundException($"{container.Name} has no port named {port.Value}.");
}

[CollectionDefinition(Name)]
public sealed class RenderedManifestsCollection : ICollectionFixture<RenderedManifests>
{
    public const string Name = "kustomize";
}
