using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PrivateDomain.Realtime.Edge.Auth;

public static class AuthenticationExtensions
{
    /// <summary>Requests under this path are SignalR hubs, which pass the bearer token as <c>access_token</c>.</summary>
    public const string HubsPath = "/hubs";

    public static WebApplicationBuilder AddEdgeAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddSingleton<ValidatedTokens>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, ValidatedTokens>((jwt, auth, validated) =>
            {
                var settings = auth.Value;
                jwt.MapInboundClaims = false;
                // Nothing reads the token back from the ticket; storing it cost a dictionary per request.
                jwt.SaveToken = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = TokenIssuer.KeyFrom(settings),
                    NameClaimType = ClaimNames.Subject,
                    RoleClaimType = ClaimNames.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        // WebSockets and server-sent events cannot carry an Authorization header from browsers.
                        var token = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments(HubsPath))
                        {
                            context.Token = token;
                        }

                        if (BearerToken(context) is { } presented && validated.TryGet(presented, out var known))
                        {
                            context.Principal = known.Principal;
                            context.Properties.IssuedUtc = known.IssuedUtc;
                            context.Properties.ExpiresUtc = known.ExpiresUtc;
                            context.Success();
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (context.SecurityToken is JsonWebToken token && context.Principal is { } principal)
                        {
                            validated.Add(token.EncodedToken, principal, Utc(token.ValidFrom), Utc(token.ValidTo));
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder().AddRealtimePolicies();
        builder.Services.AddSingleton<TokenIssuer>();
        return builder;
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>The token as the bearer handler reads it: the hub's query token, else the <c>Authorization: Bearer</c> header's.</summary>
    private static string? BearerToken(MessageReceivedContext context)
    {
        if (context.Token is { } fromQuery)
        {
            return fromQuery;
        }

        string? authorization = context.Request.Headers.Authorization;
        return authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }
}
