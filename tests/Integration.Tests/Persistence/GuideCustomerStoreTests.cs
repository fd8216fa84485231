using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class GuideCustomerStoreTests
{
    private static readonly DateTimeOffset BoundAt = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Customers_AreStoredOnce_RebindingReplacesTheTime_AndUnboundOnesAreDeleted()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store(database.DataSource, "service-a");

        await store.WriteAsync("guide-li", [new("m-1", BoundAt), new("m-2", BoundAt)], [], Cancel);
        await store.WriteAsync("guide-wang", [new("m-1", BoundAt)], [], Cancel);

        // m-2 leaves; m-1 is written again with a later binding (reassigned away and back); nothing is a no-op.
        await store.WriteAsync("guide-li", [new("m-1", BoundAt.AddHours(1))], ["m-2", "m-unknown"], Cancel);
        await store.WriteAsync("guide-li", [], [], Cancel);

        Assert.Equal([new GuideCustomer("m-1", BoundAt.AddHours(1))], await store.ReadAsync("guide-li", Cancel));
        Assert.Equal([new GuideCustomer("m-1", BoundAt)], await store.ReadAsync("guide-wang", Cancel));
        Assert.Empty(await Store(database.DataSource, "service-b").ReadAsync("guide-li", Cancel));
    }

    private static PostgresGuideCustomerStore Store(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
