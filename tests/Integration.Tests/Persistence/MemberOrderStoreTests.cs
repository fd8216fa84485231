using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class MemberOrderStoreTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("postgresql")]
    [InlineData("memory")]
    public async Task Orders_ReadNewestFirst_EqualTimesByIdInCodeUnitOrder_APageAfterAnyOfThem_EachStoredOnce(string kind)
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var service = TestIds.New("service");
        var store = Store(kind, database.DataSource, service);

        // 'o-B' sorts before 'o-a' by code unit and after it in most languages' collations: the two stores must agree.
        await store.AddAsync("m-1", "o-a", Noon, Cancel);
        await store.AddAsync("m-1", "o-B", Noon, Cancel);
        await store.AddAsync("m-1", "o-newest", Noon.AddMinutes(1), Cancel);
        await store.AddAsync("m-1", "o-oldest", Noon.AddMinutes(-1), Cancel);
        await store.AddAsync("m-1", "o-newest", Noon.AddMinutes(-5), Cancel);
        await store.AddAsync("m-2", "o-other", Noon, Cancel);

        Assert.Equal(["o-newest", "o-a", "o-B", "o-oldest"], await store.ReadAsync("m-1", null, 10, Cancel));
        Assert.Equal(["o-newest", "o-a"], await store.ReadAsync("m-1", null, 2, Cancel));
        Assert.Equal(["o-B", "o-oldest"], await store.ReadAsync("m-1", "o-a", 10, Cancel));
        Assert.Equal(["o-oldest"], await store.ReadAsync("m-1", "o-B", 1, Cancel));
        Assert.Empty((await store.ReadAsync("m-1", "o-oldest", 10, Cancel))!);
        Assert.Null(await store.ReadAsync("m-1", "o-other", 10, Cancel));
        Assert.Null(await store.ReadAsync("m-1", "o-never", 10, Cancel));
        Assert.Empty((await store.ReadAsync("m-3", null, 10, Cancel))!);
        var otherService = Store(kind, database.DataSource, service + "-b");
        Assert.Empty((await otherService.ReadAsync("m-1", null, 10, Cancel))!);
    }

    [Fact]
    public async Task OrdersPlacedAtOnce_ByManyMembers_AreEachStoredOnce_AndAFailedWriteFailsOnlyItsOwn()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store("postgresql", database.DataSource, TestIds.New("service"));

        // 500 orders of 50 members at once, each added twice (a placement and its retry racing).
        var orders = Enumerable.Range(0, 500).Select(i => (Member: $"m-{i % 50}", Order: $"o-{i:D3}", At: Noon.AddSeconds(i))).ToList();
        await Task.WhenAll(orders.Concat(orders).Select(o => store.AddAsync(o.Member, o.Order, o.At, Cancel)));

        // The table out of reach for a moment: the rows then fail, and the store writes again once it is back.
        await Execute(database, "ALTER TABLE member_order RENAME TO member_order_away");
        var failed = await Record.ExceptionAsync(() => store.AddAsync("m-0", "o-lost", Noon, Cancel));
        await Execute(database, "ALTER TABLE member_order_away RENAME TO member_order");
        await store.AddAsync("m-0", "o-after", Noon.AddDays(1), Cancel);

        Assert.IsType<PostgresException>(failed);
        for (var m = 0; m < 50; m++)
        {
            var expected = orders.Where(o => o.Member == $"m-{m}").OrderByDescending(o => o.At).Select(o => o.Order);
            Assert.Equal(m == 0 ? ["o-after", .. expected] : expected, await store.ReadAsync($"m-{m}", null, 100, Cancel));
        }
    }

    private static async Task Execute(SchemaDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private static IMemberOrderStore Store(string kind, NpgsqlDataSource dataSource, string serviceId)
    {
        var cluster = Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" });
        return kind == "memory" ? new InMemoryMemberOrderStore(cluster) : new PostgresMemberOrderStore(dataSource, cluster);
    }
}
