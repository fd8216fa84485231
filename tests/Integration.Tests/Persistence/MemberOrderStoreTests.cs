using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Silo.Persistence;
using PrivateDomain.Realtime.TestSupport;

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
        await store.AddAsync("m-1", "o-a", Noon, null, Cancel);
        await store.AddAsync("m-1", "o-B", Noon, null, Cancel);
        await store.AddAsync("m-1", "o-newest", Noon.AddMinutes(1), null, Cancel);
        await store.AddAsync("m-1", "o-oldest", Noon.AddMinutes(-1), null, Cancel);
        await store.AddAsync("m-1", "o-newest", Noon.AddMinutes(-5), null, Cancel);
        await store.AddAsync("m-2", "o-other", Noon, null, Cancel);

        Assert.Equal(["o-newest", "o-a", "o-B", "o-oldest"], await store.ReadAsync("m-1", null, null, 10, Cancel));
        Assert.Equal(["o-newest", "o-a"], await store.ReadAsync("m-1", null, null, 2, Cancel));
        Assert.Equal(["o-B", "o-oldest"], await store.ReadAsync("m-1", null, "o-a", 10, Cancel));
        Assert.Equal(["o-oldest"], await store.ReadAsync("m-1", null, "o-B", 1, Cancel));
        Assert.Empty((await store.ReadAsync("m-1", null, "o-oldest", 10, Cancel))!);
        Assert.Null(await store.ReadAsync("m-1", null, "o-other", 10, Cancel));
        Assert.Null(await store.ReadAsync("m-1", null, "o-never", 10, Cancel));
        Assert.Empty((await store.ReadAsync("m-3", null, null, 10, Cancel))!);
        var otherService = Store(kind, database.DataSource, service + "-b");
        Assert.Empty((await otherService.ReadAsync("m-1", null, null, 10, Cancel))!);
    }

    [Theory]
    [InlineData("postgresql")]
    [InlineData("memory")]
    public async Task ARoomsOrders_ReadAloneNewestFirst_HoweverManyWerePlacedElsewhereSince_APageAfterAnyOfTheMembersOrders(string kind)
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store(kind, database.DataSource, TestIds.New("service"));

        await store.AddAsync("m-1", "o-room-1", Noon, "room-a", Cancel);
        await store.AddAsync("m-1", "o-room-2", Noon.AddMinutes(1), "room-a", Cancel);
        await store.AddAsync("m-1", "o-other-room", Noon.AddMinutes(2), "room-b", Cancel);
        await store.AddAsync("m-1", "o-room-3", Noon.AddMinutes(3), "room-a", Cancel);
        for (var i = 0; i < 30; i++)
        {
            await store.AddAsync("m-1", $"o-since-{i:D2}", Noon.AddMinutes(10 + i), null, Cancel);
        }

        await store.AddAsync("m-2", "o-someone-else", Noon.AddMinutes(5), "room-a", Cancel);

        Assert.Equal(["o-room-3", "o-room-2", "o-room-1"], await store.ReadAsync("m-1", "room-a", null, 10, Cancel));
        Assert.Equal(["o-room-3", "o-room-2"], await store.ReadAsync("m-1", "room-a", null, 2, Cancel));
        Assert.Equal(["o-room-1"], await store.ReadAsync("m-1", "room-a", "o-room-2", 10, Cancel));

        // The page may start after an order placed elsewhere: what the member's whole list was showing.
        Assert.Equal(["o-room-2", "o-room-1"], await store.ReadAsync("m-1", "room-a", "o-other-room", 10, Cancel));
        Assert.Equal(["o-room-3", "o-room-2", "o-room-1"], await store.ReadAsync("m-1", "room-a", "o-since-00", 10, Cancel));
        Assert.Null(await store.ReadAsync("m-1", "room-a", "o-someone-else", 10, Cancel));
        Assert.Empty((await store.ReadAsync("m-1", "room-never", null, 10, Cancel))!);
        Assert.Equal(34, (await store.ReadAsync("m-1", null, null, 100, Cancel))!.Count);
    }

    [Fact]
    public async Task AListStoredBeforeOrdersHadRooms_GetsTheColumnAtStart_ItsRowsInTheWholeListOnly()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var old = dataSource.CreateCommand(
            """
            CREATE TABLE member_order (service_id text NOT NULL, member_id text NOT NULL, order_id text NOT NULL,
                placed_at timestamptz NOT NULL, PRIMARY KEY (service_id, member_id, order_id));
            INSERT INTO member_order VALUES ('service-a', 'm-1', 'o-before', '2026-12-01T12:00:00Z');
            """))
        {
            await old.ExecuteNonQueryAsync(Cancel);
        }

        await new PostgresSchema(dataSource, NullLogger<PostgresSchema>.Instance).EnsureCreatedAsync(Cancel);
        var store = Store("postgresql", dataSource, "service-a");
        await store.AddAsync("m-1", "o-after", Noon.AddDays(1), "room-a", Cancel);

        Assert.Equal(["o-after", "o-before"], await store.ReadAsync("m-1", null, null, 10, Cancel));
        Assert.Equal(["o-after"], await store.ReadAsync("m-1", "room-a", null, 10, Cancel));
    }

    [Fact]
    public async Task OrdersPlacedAtOnce_ByManyMembers_AreEachStoredOnce_AndAFailedWriteFailsOnlyItsOwn()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store("postgresql", database.DataSource, TestIds.New("service"));

        // 500 orders of 50 members at once, each added twice (a placement and its retry racing); one in three in a room.
        var orders = Enumerable.Range(0, 500)
            .Select(i => (Member: $"m-{i % 50}", Order: $"o-{i:D3}", At: Noon.AddSeconds(i), Room: i % 3 == 0 ? $"room-{i % 2}" : null))
            .ToList();
        await Task.WhenAll(orders.Concat(orders).Select(o => store.AddAsync(o.Member, o.Order, o.At, o.Room, Cancel)));

        // The table out of reach for a moment: the rows then fail, and the store writes again once it is back.
        await Execute(database, "ALTER TABLE member_order RENAME TO member_order_away");
        var failed = await Record.ExceptionAsync(() => store.AddAsync("m-0", "o-lost", Noon, null, Cancel));
        await Execute(database, "ALTER TABLE member_order_away RENAME TO member_order");
        await store.AddAsync("m-0", "o-after", Noon.AddDays(1), null, Cancel);

        Assert.IsType<PostgresException>(failed);
        for (var m = 0; m < 50; m++)
        {
            var expected = orders.Where(o => o.Member == $"m-{m}").OrderByDescending(o => o.At).ToList();
            Assert.Equal(m == 0 ? ["o-after", .. expected.Select(o => o.Order)] : expected.Select(o => o.Order), await store.ReadAsync($"m-{m}", null, null, 100, Cancel));
            Assert.Equal(expected.Where(o => o.Room == "room-1").Select(o => o.Order), await store.ReadAsync($"m-{m}", "room-1", null, 100, Cancel));
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
