using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Auth;

/// <summary>Signs bearer tokens with the shared key. Production tokens come from the brand's identity service; this serves development.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public static SymmetricSecurityKey KeyFrom(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey));

    /// <param name="identities">What the sign-in proved the member holds (<see cref="ClaimNames.Identity"/>).</param>
    public string Issue(string userId, string role, IEnumerable<MemberIdentity>? identities = null)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(settings.TokenLifetimeMinutes),
            Subject = new ClaimsIdentity([
                new Claim(ClaimNames.Subject, userId),
                new Claim(ClaimNames.Role, role),
                .. (identities ?? []).Select(identity => new Claim(ClaimNames.Identity, identity.Key)),
            ]),
            SigningCredentials = new SigningCredentials(KeyFrom(settings), SecurityAlgorithms.HmacSha256),
        });
    }
}
