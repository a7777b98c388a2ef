using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// Reads and writes a model file: the 8 magic bytes <c>INTRMDL1</c>, a little-endian int32 length and that many bytes
/// of UTF-8 JSON (<see cref="ModelMetadata"/>), then the weights in TorchSharp's own state-dict format
/// (<c>Module.save(BinaryWriter)</c>).
/// </summary>
public static class ModelFile
{
    public static ReadOnlySpan<byte> Magic => "INTRMDL1"u8;

    /// <summary>No real metadata comes near this; a larger length means the file is not what it claims.</summary>
    private const int MaxMetadataBytes = 64 * 1024 * 1024;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    /// <summary>Writes <paramref name="model"/> with <paramref name="metadata"/>; replaces an existing file only once the new one is complete.</summary>
    public static void Save(string path, InterestModel model, ModelMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.ItemCount != model.ItemCount || metadata.EmbeddingSize != model.EmbeddingSize || metadata.HiddenSize != model.HiddenSize)
        {
            throw new ArgumentException(
                $"Metadata describes a model of {metadata.ItemCount} items, E={metadata.EmbeddingSize}, H={metadata.HiddenSize} " +
                $"but the model has {model.ItemCount} items, E={model.EmbeddingSize}, H={model.HiddenSize}.", nameof(metadata));
        }
        if (metadata.ItemPopularity is { } popularity && popularity.Count != metadata.ItemCount + 1)
        {
            throw new ArgumentException(
                $"ItemPopularity has {popularity.Count} entries; expected ItemCount + 1 = {metadata.ItemCount + 1} (indexed by item id).", nameof(metadata));
        }

        if (TransitionsProblem(metadata) is { } problem) throw new ArgumentException($"Transitions: {problem}.", nameof(metadata));

        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporaryPath = fullPath + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: false))
            {
                byte[] json = JsonSerializer.SerializeToUtf8Bytes(metadata, JsonOptions);
                writer.Write(Magic);
                writer.Write(json.Length);
                writer.Write(json);
                model.save(writer);
            }
            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporaryPath)) File.Delete(temporaryPath);
        }
    }

    /// <summary>Reads a model file onto <paramref name="device"/> (the CPU when null).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a model file, is truncated or does not fit its own metadata.</exception>
    public static (InterestModel Model, ModelMetadata Metadata) Load(string path, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Model file '{fullPath}' does not exist.", fullPath);
        }

        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
        var metadata = ReadHeader(reader, fullPath);

        var model = new InterestModel(metadata.ItemCount, metadata.EmbeddingSize, metadata.HiddenSize);
        try
        {
            model.load(reader, strict: true);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException(
                    $"Model file '{fullPath}' has {stream.Length - stream.Position} unexpected bytes after the weights.");
            }
            if (device is not null) model.MoveTo(device);
            return (model, metadata);
        }
        catch (InvalidDataException)
        {
            model.Dispose();
            throw;
        }
        catch (Exception exception) when (exception is EndOfStreamException or ArgumentException or InvalidOperationException or IOException)
        {
            model.Dispose();
            throw new InvalidDataException(
                $"Model file '{fullPath}': the weights could not be read ({exception.Message}). The file is truncated or its weights " +
                $"do not match its metadata ({metadata.ItemCount} items, E={metadata.EmbeddingSize}, H={metadata.HiddenSize}).",
                exception);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Reads only the metadata, e.g. to show what a file holds without loading its weights.</summary>
    public static ModelMetadata ReadMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Model file '{fullPath}' does not exist.", fullPath);
        }
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
        return ReadHeader(reader, fullPath);
    }

    private static string? TransitionsProblem(ModelMetadata metadata)
    {
        if (metadata.TransitionWeight < 0 || !double.IsFinite(metadata.TransitionWeight))
        {
            return $"the transition weight is {metadata.TransitionWeight}; it must be 0 or more";
        }
        if (metadata.TransitionWeight > 0 && metadata.Transitions is null) return "a transition weight is given but no transitions";
        return metadata.Transitions?.Problem(metadata.ItemCount);
    }

    private static ModelMetadata ReadHeader(BinaryReader reader, string fullPath)
    {
        long fileLength = reader.BaseStream.Length;
        byte[] magic = reader.ReadBytes(Magic.Length);
        if (magic.Length < Magic.Length)
        {
            throw new InvalidDataException(
                $"Model file '{fullPath}' is truncated: it has {fileLength} bytes, fewer than the {Magic.Length}-byte 'INTRMDL1' header.");
        }
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException(
                $"Model file '{fullPath}' is not an Interest model file: it starts with bytes {Convert.ToHexString(magic)} instead of 'INTRMDL1'.");
        }
        if (fileLength - reader.BaseStream.Position < sizeof(int))
        {
            throw new InvalidDataException($"Model file '{fullPath}' is truncated: it ends before the metadata length.");
        }
        int metadataLength = reader.ReadInt32();
        long remaining = fileLength - reader.BaseStream.Position;
        if (metadataLength <= 0 || metadataLength > MaxMetadataBytes)
        {
            throw new InvalidDataException($"Model file '{fullPath}' is corrupt: the metadata length is {metadataLength} bytes.");
        }
        if (metadataLength > remaining)
        {
            throw new InvalidDataException(
                $"Model file '{fullPath}' is truncated: the metadata should be {metadataLength} bytes but only {remaining} bytes follow.");
        }

        byte[] json = reader.ReadBytes(metadataLength);
        ModelMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<ModelMetadata>(json, JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"Model file '{fullPath}' is corrupt: its metadata is not valid JSON ({exception.Message}).", exception);
        }
        if (metadata is null)
        {
            throw new InvalidDataException($"Model file '{fullPath}' is corrupt: its metadata is null.");
        }
        if (metadata.ItemCount < 1 || metadata.EmbeddingSize < 1 || metadata.HiddenSize < 1)
        {
            throw new InvalidDataException(
                $"Model file '{fullPath}' is corrupt: its metadata gives {metadata.ItemCount} items, E={metadata.EmbeddingSize}, H={metadata.HiddenSize}.");
        }
        if (string.IsNullOrWhiteSpace(metadata.Version))
        {
            throw new InvalidDataException($"Model file '{fullPath}' is corrupt: its metadata has no version.");
        }
        if (metadata.ItemPopularity is { } popularity && popularity.Count != metadata.ItemCount + 1)
        {
            throw new InvalidDataException(
                $"Model file '{fullPath}' is corrupt: its item popularity has {popularity.Count} entries; expected ItemCount + 1 = {metadata.ItemCount + 1}.");
        }
        if (TransitionsProblem(metadata) is { } transitionsProblem)
        {
            throw new InvalidDataException($"Model file '{fullPath}' is corrupt: its item transitions are invalid ({transitionsProblem}).");
        }
        if (reader.BaseStream.Position == fileLength)
        {
            throw new InvalidDataException($"Model file '{fullPath}' is truncated: it ends after the metadata, before the weights.");
        }
        return metadata;
    }
}
