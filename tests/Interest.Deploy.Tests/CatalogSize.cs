using System.Text.Json;

namespace Interest.Deploy.Tests;

/// <summary>The served model's catalogue size, as the trainer recorded it in docs/model-metrics.json.</summary>
public static class CatalogSize
{
    public static int OfServedModel { get; } =
        JsonDocument.Parse(Repository.ReadText("docs/model-metrics.json")).RootElement.GetProperty("itemCount").GetInt32();
}
