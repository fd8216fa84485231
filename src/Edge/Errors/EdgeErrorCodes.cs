namespace PrivateDomain.Realtime.Edge.Errors;

/// <summary>Error codes only the Edge produces (the domain's own are in <c>ErrorCodes</c>).</summary>
public static class EdgeErrorCodes
{
    public const string MalformedRequest = "malformed-request";
    public const string BodyTooLarge = "body-too-large";
    public const string Unavailable = "unavailable";
    public const string RateLimited = "rate-limited";
    public const string TooManyWatches = "too-many-watches";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string IdentityNotVouched = "identity-not-vouched";
    public const string NotFound = "not-found";
    public const string InternalError = "internal-error";
}
