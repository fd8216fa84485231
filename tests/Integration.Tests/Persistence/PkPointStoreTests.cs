using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class PkPointStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appends_StoreEachEventOncePerPk_AndSayWhichTheyStored_AndScoresAreTheirSums()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store(database.DataSource, "service-a");

        var first = await store.AppendAsync("pk-1", [new("o-1", "g-li", 100), new("o-2", "g-wang", 50)], Cancel);

        // A retried report (its answer was lost) with a new event, one repeated within the batch; the same event in another PK.
        var second = await store.AppendAsync("pk-1", [new("o-2", "g-wang", 50), new("o-3", "g-li", 30), new("o-3", "g-li", 30)], Cancel);
        await store.AppendAsync("pk-2", [new("o-1", "team-a", 1)], Cancel);

        Assert.Equal(2, first.Count);
        Assert.Equal([new PkPoint("o-3", "g-li", 30)], second);
        var scores = await store.ReadScoresAsync("pk-1", Cancel);
        Assert.Equal([("g-li", 130L), ("g-wang", 50L)], scores.Select(s => (s.Key, s.Value)).Order());
        Assert.Equal(1, (await store.ReadScoresAsync("pk-2", Cancel))["team-a"]);
        Assert.Empty(await store.ReadScoresAsync("pk-3", Cancel));
        Assert.Empty(await Store(database.DataSource, "service-b").ReadScoresAsync("pk-1", Cancel));
    }

    private static PostgresPkPointStore Store(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
