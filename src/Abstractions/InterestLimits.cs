namespace Interest.Abstractions;

/// <summary>Limits every part of the system checks the same way.</summary>
public static class InterestLimits
{
    public const int MaxUserIdLength = 128;
    public const int MaxTopK = 500;
    public const int RecentItemsKept = 50;

    /// <summary>1–128 printable characters, no control characters.</summary>
    public static bool IsValidUserId(string? userId)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > MaxUserIdLength) return false;
        foreach (char ch in userId)
        {
            if (char.IsControl(ch)) return false;
        }
        return !string.IsNullOrWhiteSpace(userId);
    }
}
