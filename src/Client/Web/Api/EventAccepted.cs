namespace Interest.Web.Api;

/// <summary>The 202 body of POST /events: the id the event was produced with (the client's or a new one).</summary>
public sealed record EventAccepted(string EventId);
