using System.Collections;
using System.Reflection;
using Interest.Silo.Hosting;
using Interest.Web;

namespace Interest.Deploy.Tests.Configuration;

/// <summary>
/// Decides whether the code reads a configuration key given as an environment variable (Microsoft.Extensions form,
/// "__" for ":"): either it binds to a property of an options class (a type with a SectionName constant), or the
/// key appears as a string literal in src/ (read directly, e.g. configuration["Redis:ConnectionString"]).
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>Process environment variables that are not configuration keys, with who reads them.</summary>
    public static readonly IReadOnlyDictionary<string, string> ProcessVariables = new Dictionary<string, string>
    {
        ["POD_NAME"] = "Microsoft.Orleans.Hosting.Kubernetes",
        ["POD_NAMESPACE"] = "Microsoft.Orleans.Hosting.Kubernetes",
        ["POD_IP"] = "Microsoft.Orleans.Hosting.Kubernetes and Silo:AdvertisedAddress",
        ["ORLEANS_SERVICE_ID"] = "Microsoft.Orleans.Hosting.Kubernetes",
        ["ORLEANS_CLUSTER_ID"] = "Microsoft.Orleans.Hosting.Kubernetes",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "OpenTelemetry (Telemetry:OtlpEndpoint)",
    };

    private static readonly Assembly[] Assemblies =
    [
        typeof(SiloSettings).Assembly, typeof(WebTier).Assembly, typeof(Streaming.KafkaOptions).Assembly,
        typeof(Inference.InferenceOptions).Assembly, typeof(Grains.Users.UserGrainOptions).Assembly,
        typeof(RecommendationStore.RecommendationStoreOptions).Assembly, typeof(ModelRegistry.ModelRegistryOptions).Assembly,
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Sections = new(FindSections);

    private static readonly Lazy<string> Sources = new(() => string.Join('\n',
        Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText)));

    public static string FromEnvironmentName(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Why an environment variable is not read by anything, or null when it is.</summary>
    public static string? Problem(string environmentName)
    {
        if (ProcessVariables.ContainsKey(environmentName)) return null;
        string key = FromEnvironmentName(environmentName);
        if (BindsToOptions(key) || Sources.Value.Contains($"\"{key}\"", StringComparison.Ordinal)) return null;
        return $"{environmentName} ({key}) is neither a property of an options section nor a key the code reads";
    }

    public static IReadOnlyDictionary<string, Type> SectionTypes => Sections.Value;

    private static bool BindsToOptions(string key)
    {
        string[] segments = key.Split(':');
        // The longest section prefix wins: Web:Page:DashboardUrl belongs to Web:Page, not to Web.
        for (int length = segments.Length - 1; length >= 1; length--)
        {
            string section = string.Join(':', segments[..length]);
            var type = Sections.Value.FirstOrDefault(s => s.Key.Equals(section, StringComparison.OrdinalIgnoreCase)).Value;
            if (type is not null && Walk(type, segments[length..])) return true;
        }
        return false;
    }

    private static bool Walk(Type type, ReadOnlySpan<string> rest)
    {
        if (rest.IsEmpty) return true;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return Walk(type.GetGenericArguments()[1], rest[1..]);
        }
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
        {
            return int.TryParse(rest[0], out int index) && index >= 0 && Walk(type.GetGenericArguments()[0], rest[1..]);
        }
        var property = type.GetProperty(rest[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || (property.SetMethod is not { IsPublic: true } && rest.Length == 1)) return false;
        return Walk(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, rest[1..]);
    }

    private static IReadOnlyDictionary<string, Type> FindSections()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in Assemblies.Distinct().SelectMany(a => a.GetExportedTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                && field.GetRawConstantValue() is string name)
            {
                sections[name] = type;
            }
        }
        return sections;
    }
}
