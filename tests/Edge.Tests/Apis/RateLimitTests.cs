using System.Net;
using System.Net.Http.Json;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// The API's per-user limit (<c>RateLimits</c>), on an Edge of its own with a burst of three and one request a second:
/// a user past the burst gets a 429 problem that says when to come back, the refused request changes nothing, another
/// user is not held back, and the bucket refills.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly EdgeApplication _app = new(new Dictionary<string, string?>
    {
        ["RateLimits:ApiRequestsPerSecondPerUser"] = "1",
        ["RateLimits:ApiBurstPerUser"] = "3",
    });

    private readonly string _regionId = TestIds.New("sh");
    private readonly string _sku = TestIds.New("sku");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Base => $"/api/inventory/{_regionId}/{_sku}";

    public async ValueTask InitializeAsync()
    {
        // Each set-up call as an ops user of its own, so the set-up itself stays within every user's burst.
        async Task Put(string path, object body)
        {
            using var ops = _app.ClientAs(TestIds.New("ops"), Roles.Ops);
            (await ops.PutAsJsonAsync(path, body, Cancel)).EnsureSuccessStatusCode();
        }

        var storeId = TestIds.New("st");
        await Put($"/api/regions/{_regionId}", new { name = "Shanghai" });
        await Put($"/api/skus/{_sku}", new { name = "Repair Night Cream 50ml", listPrice = 59900 });
        await Put($"/api/stores/{storeId}", new { name = "Nanjing Road East", regionId = _regionId, latitude = 31.2352, longitude = 121.4800, ownerAccountId = "brand", ownership = "direct" });
        await Put($"/api/stores/{storeId}/stock/{_sku}", new { onHand = 20 });
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task AUserPastTheirBurst_Gets429WithRetryAfter_TheRefusedRequestChangesNothing_AndAnotherUserIsServed()
    {
        using var member = _app.ClientAs("member-fast", Roles.Member);
        using var other = _app.ClientAs("member-calm", Roles.Member);

        // Until the first refusal: the burst, plus whatever a slow machine lets the bucket refill meanwhile.
        var served = 0;
        HttpResponseMessage response;
        while ((response = await member.PostAsJsonAsync($"{Base}/reservations", Reserve($"r-fast-{served}"), Cancel)).StatusCode == HttpStatusCode.Created
            && served < 30)
        {
            served++;
        }

        var otherUser = await other.PostAsJsonAsync($"{Base}/reservations", Reserve("r-calm-0"), Cancel);
        using var guideOfTheSameId = _app.ClientAs("member-fast", Roles.Guide); // another user: a role and an id
        var sameIdOtherRole = await guideOfTheSameId.GetAsync($"/api/regions/{_regionId}", Cancel);

        Assert.InRange(served, 3, 29);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(EdgeErrorCodes.RateLimited, await response.ProblemCodeAsync());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Created, otherUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sameIdOtherRole.StatusCode);

        using var ops = _app.ClientAs(TestIds.New("ops"), Roles.Ops);
        var view = await ops.GetFromJsonAsync<InventoryView>(Base, Cancel);
        Assert.Equal(served + 1, view!.Reserved); // the first member's and the other's one: the refused request took nothing
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync($"{Base}/reservations/r-fast-{served - 1}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync($"{Base}/reservations/r-fast-{served}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task ARefusedUser_IsServedAgain_OnceTheBucketRefills()
    {
        using var member = _app.ClientAs("member-refill", Roles.Member);
        HttpStatusCode last;
        var requests = 0;
        do
        {
            last = (await member.GetAsync(Base, Cancel)).StatusCode;
            requests++;
        }
        while (last == HttpStatusCode.OK && requests < 10);

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.InRange(requests, 4, 9);
        await Eventually.True(async () => (await member.GetAsync(Base, Cancel)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(3), Cancel);
    }

    private static object Reserve(string reservationId) =>
        new { reservationId, quantity = 1, latitude = 31.2323, longitude = 121.4735, mode = "ship" };
}
