using System.Net;
using System.Net.Http.Json;
using PrivateDomain.Realtime.Edge.Apis.Contracts;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class HealthApiTests(EdgeFixture fixture)
{
    [Fact]
    public async Task Health_WhenTheSiloAnswers_Returns200WithoutAToken_AndNoBackplaneWithoutRedis()
    {
        using var client = fixture.App.CreateClient();

        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = (await response.Content.ReadFromJsonAsync<HealthResponse>(TestContext.Current.CancellationToken))!;
        Assert.Equal(("healthy", null), (health.Status, health.Backplane));
    }
}
