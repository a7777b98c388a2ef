namespace Interest.Web.Api;

/// <summary>The body of POST /events. <c>eventId</c> and <c>timestamp</c> (Unix ms) are filled in when missing.</summary>
public sealed record EventSubmission(string UserId, int ItemId, string Type, long? Timestamp, string? EventId);
