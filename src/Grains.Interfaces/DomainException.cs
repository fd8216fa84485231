namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// A request the domain refuses. Grains throw it before changing any state, so a refused call never
/// leaves a partial effect; the Edge turns it into problem details or a <c>HubException</c>.
/// </summary>
[GenerateSerializer, Alias("pd.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(ErrorKind kind, string code, string message, object? details = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Details = details;
    }

    [Id(0)]
    public ErrorKind Kind { get; private set; }

    /// <summary>Stable, kebab-case error code clients can switch on (see <see cref="ErrorCodes"/>).</summary>
    [Id(1)]
    public string Code { get; private set; }

    /// <summary>Machine-readable facts about the refusal (a serializable record); the Edge adds its properties to the problem details.</summary>
    [Id(2)]
    public object? Details { get; private set; }

    public static DomainException Invalid(string code, string message) => new(ErrorKind.Invalid, code, message);

    public static DomainException NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);

    public static DomainException Conflict(string code, string message, object? details = null) => new(ErrorKind.Conflict, code, message, details);

    public static DomainException Unprocessable(string code, string message) => new(ErrorKind.Unprocessable, code, message);
}
