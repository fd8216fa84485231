namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>What kind of client mistake a <see cref="DomainException"/> reports; the Edge maps it to an HTTP status.</summary>
public enum ErrorKind
{
    Invalid = 400,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
    Unprocessable = 422,
    TooManyRequests = 429,

    /// <summary>Not the client's fault: a grain is recovering; the same request may be retried.</summary>
    Unavailable = 503,
}
