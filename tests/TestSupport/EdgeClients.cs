using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.TestSupport;

public static class EdgeClients
{
    /// <summary>
    /// A token signed by the Edge's own issuer, so this works in any environment; for a member, vouching for
    /// <paramref name="identities"/> as a sign-in that proved them would.
    /// </summary>
    public static string TokenFor(this EdgeApplication app, string userId, string role, params MemberIdentity[] identities) =>
        app.Services.GetRequiredService<TokenIssuer>().Issue(userId, role, identities);

    /// <summary>A token like <see cref="TokenFor(EdgeApplication, string, string, MemberIdentity[])"/> that expires at <paramref name="expiresAt"/>.</summary>
    public static string TokenFor(this EdgeApplication app, string userId, string role, DateTimeOffset expiresAt)
    {
        var options = app.Services.GetRequiredService<IOptions<AuthOptions>>();
        var issuedAt = expiresAt - TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);
        return new TokenIssuer(options, new StoppedClock(issuedAt)).Issue(userId, role);
    }

    /// <summary>An HTTP client over real Kestrel, carrying a bearer token for <paramref name="userId"/>.</summary>
    public static HttpClient ClientAs(this EdgeApplication app, string userId, string role, params MemberIdentity[] identities)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(userId, role, identities));
        return client;
    }

    /// <summary>Reads a problem-details body and returns its <c>code</c>.</summary>
    public static async Task<string?> ProblemCodeAsync(this HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}

/// <summary>A clock that always reads the same instant.</summary>
internal sealed class StoppedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
