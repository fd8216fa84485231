using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Realtime.Edge.Auth;

/// <summary>Bearer-token settings (section <c>Auth</c>). Every Edge of a deployment must share the signing key.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Required(ErrorMessage = "Auth:SigningKey is required (a secret of at least 32 characters shared by every Edge).")]
    [MinLength(32, ErrorMessage = "Auth:SigningKey must be at least 32 characters.")]
    public string SigningKey { get; set; } = "";

    [Required(ErrorMessage = "Auth:Issuer is required.")]
    public string Issuer { get; set; } = "privatedomain-realtime";

    [Required(ErrorMessage = "Auth:Audience is required.")]
    public string Audience { get; set; } = "privatedomain-clients";

    [Range(1, 7 * 24 * 60, ErrorMessage = "Auth:TokenLifetimeMinutes must be between 1 and 10080.")]
    public int TokenLifetimeMinutes { get; set; } = 720;

    /// <summary>How many validated tokens the Edge keeps (<see cref="ValidatedTokens"/>); 0 validates every request's token anew.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Auth:ValidatedTokenCacheSize must be between 0 and 1000000.")]
    public int ValidatedTokenCacheSize { get; set; } = 10_000;
}
