namespace Interest.ModelRegistry;

/// <summary>
/// The names a registry accepts as versions: they become file names (<c>&lt;version&gt;.model</c>,
/// <c>&lt;version&gt;.json</c>), so only 1 to 100 of <c>[A-Za-z0-9._-]</c>, starting with a letter or digit (no hidden
/// files, no <c>..</c>), and not <c>rollout</c> (its manifest would be the file store's <c>rollout.json</c>).
/// </summary>
public static class ModelVersionName
{
    public const int MaxLength = 100;

    /// <summary>Why <paramref name="version"/> cannot be a version name; null when it can.</summary>
    public static string? Problem(string? version)
    {
        if (string.IsNullOrEmpty(version)) return "a version name is required";
        if (version.Length > MaxLength) return $"version '{version[..20]}...' has {version.Length} characters; at most {MaxLength} are allowed";
        if (!char.IsAsciiLetterOrDigit(version[0])) return $"version '{version}' must start with a letter or digit";
        if (version.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            return $"version '{version}' may hold only letters, digits, '.', '_' and '-'";
        }
        if (string.Equals(version, "rollout", StringComparison.OrdinalIgnoreCase)) return "'rollout' is reserved (the file store's rollout.json)";
        return null;
    }

    /// <exception cref="ModelRegistryException"><paramref name="version"/> is not a valid version name.</exception>
    public static void Check(string? version)
    {
        if (Problem(version) is { } problem) throw new ModelRegistryException($"Refused: {problem}.");
    }
}
