using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class AuthTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    [Fact]
    public async Task DevToken_ForAKnownRole_IsAcceptedByTheApi()
    {
        using var anonymous = _app.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/dev/token", new { userId = "ops-7", role = "ops" }, TestContext.Current.CancellationToken);
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>(TestContext.Current.CancellationToken))!.Token;

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var put = await anonymous.PutAsJsonAsync($"/api/regions/{TestIds.New("r")}", new { name = "Suzhou" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Theory]
    [InlineData("u1", "admin")]
    [InlineData("", "member")]
    [InlineData("has space", "member")]
    public async Task DevToken_WithBadUserOrRole_Returns400(string userId, string role)
    {
        using var anonymous = _app.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/dev/token", new { userId, role }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationFailed, await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task DevToken_ForAMemberWithIdentities_VouchesForThem_WhenTheMemberAddsThem()
    {
        using var anonymous = _app.CreateClient();
        var memberId = TestIds.New("m");
        var openId = TestIds.New("openid");
        var response = await anonymous.PostAsJsonAsync("/api/dev/token",
            new { userId = memberId, role = "member", identities = new[] { new { channel = "openid", id = openId } } }, TestContext.Current.CancellationToken);
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>(TestContext.Current.CancellationToken))!.Token;

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var put = await anonymous.PutAsJsonAsync($"/api/members/{memberId}",
            new { name = "Zhou Ting", identities = new[] { new { channel = "openid", id = openId } } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Theory]
    [InlineData("ops", "openid", "o-1")]
    [InlineData("member", "email", "a@b.c")]
    [InlineData("member", "phone", "has space")]
    public async Task DevToken_WithIdentitiesForANonMemberOrMalformed_Returns400(string role, string channel, string id)
    {
        using var anonymous = _app.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/dev/token",
            new { userId = "u1", role, identities = new[] { new { channel, id } } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationFailed, await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task ApiCall_WithoutToken_Returns401ProblemDetails()
    {
        using var anonymous = _app.CreateClient();

        var response = await anonymous.GetAsync("/api/stores/any", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("unauthenticated", problem.GetProperty("code").GetString());
        Assert.Contains("bearer token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemDetails_NamingTheRoute()
    {
        using var client = _app.ClientAs("ops-1", Roles.Ops);

        var response = await client.GetAsync("/api/shops/any", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(("not-found", "There is no GET /api/shops/any (docs/api.md lists the routes)."),
            (problem.GetProperty("code").GetString(), problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task ApiCall_WithTamperedToken_Returns401()
    {
        using var client = _app.CreateClient();
        var token = _app.TokenFor("ops-1", Roles.Ops);
        var tampered = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);

        var response = await client.PutAsJsonAsync($"/api/regions/{TestIds.New("r")}", new { name = "X" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AValidatedToken_IsKeptAndAcceptedAgain_WhileACopyAlteredInOneCharacterIsStillRefused()
    {
        var token = _app.TokenFor("ops-1", Roles.Ops);
        var tampered = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var first = await PutRegionWith(token);
        var kept = _app.Services.GetRequiredService<ValidatedTokens>().TryGet(token, out _);
        var again = await PutRegionWith(token);
        var altered = await PutRegionWith(tampered);

        Assert.Equal((HttpStatusCode.OK, true, HttpStatusCode.OK, HttpStatusCode.Unauthorized), (first, kept, again, altered));
    }

    [Fact]
    public async Task AKeptToken_IsNotValidatedAgain()
    {
        // Not a token at all: accepted only because it is kept as validated, which shows the kept principal is used as is.
        var kept = $"kept-{TestIds.New("t")}";
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimNames.Subject, "ops-kept"), new Claim(ClaimNames.Role, Roles.Ops)], "test", ClaimNames.Subject, ClaimNames.Role));
        _app.Services.GetRequiredService<ValidatedTokens>().Add(kept, principal, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal(HttpStatusCode.OK, await PutRegionWith(kept));
    }

    private async Task<HttpStatusCode> PutRegionWith(string token)
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.PutAsJsonAsync($"/api/regions/{TestIds.New("r")}", new { name = "X" }, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Guide)]
    public async Task PutRegion_WithoutOpsRole_Returns403AndStoresNothing(string role)
    {
        var regionId = TestIds.New("r");
        using var client = _app.ClientAs("someone", role);

        var put = await client.PutAsJsonAsync($"/api/regions/{regionId}", new { name = "Nanjing" }, TestContext.Current.CancellationToken);
        var get = await client.GetAsync($"/api/regions/{regionId}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(("forbidden", $"The role '{role}' may not make this call (docs/api.md lists who may)."),
            (problem.GetProperty("code").GetString(), problem.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }
}
