using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Realtime.Edge.CrossOrigin;

/// <summary>
/// Which browser origins other than the Edge's own may call it (section <c>Cors</c>): a brand's web shop or guide
/// console served from another host. None by default; the mini-program and apps are not browsers and need none.
/// </summary>
public sealed class CrossOriginOptions : IValidatableObject
{
    public const string Section = "Cors";

    /// <summary>Origins exactly as browsers send them: scheme, host and port if not the default (<c>https://shop.example.com</c>).</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedOrigins.Where(origin => !IsOrigin(origin)).Select(origin => new ValidationResult(
            $"Cors:AllowedOrigins must list origins like https://shop.example.com (a scheme and host, no path or '*'); '{origin}' is not one."));

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.GetLeftPart(UriPartial.Authority) == value;
}
