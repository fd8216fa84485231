using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class RoomListStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rooms_AreStoredWithTheirLatestFigures_AndRoomsEndedLongAgo_AreNotReadBack()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store(database.DataSource, "service-a");
        var ended = Room("room-ended", LiveRoomStatus.Ended, endedAt: Now.AddHours(-2)) with { GmvAfterEnd = 19_900 };

        await store.WriteAsync("all", [Room("room-live", LiveRoomStatus.Live), Room("room-old", LiveRoomStatus.Ended, endedAt: Now.AddDays(-4)), ended], Cancel);
        await store.WriteAsync("all", [Room("room-live", LiveRoomStatus.Live) with { Orders = 3, Gmv = 59_700 }, Room("room-next", LiveRoomStatus.Scheduled)], Cancel);
        await store.WriteAsync("all", [], Cancel);

        Assert.Equal(
            [ended, Room("room-live", LiveRoomStatus.Live) with { Orders = 3, Gmv = 59_700 }, Room("room-next", LiveRoomStatus.Scheduled)],
            (await store.ReadAsync("all", Now.AddHours(-72), Cancel)).OrderBy(r => r.RoomId, StringComparer.Ordinal));
        Assert.Empty(await store.ReadAsync("other", Now.AddHours(-72), Cancel));
        Assert.Empty(await Store(database.DataSource, "service-b").ReadAsync("all", Now.AddHours(-72), Cancel));
    }

    private static RoomStats Room(string roomId, LiveRoomStatus status, DateTimeOffset? endedAt = null) =>
        new(roomId, $"Live {roomId}", "guide-li", "shanghai", status, Viewers: 12, PeakViewers: 40, Comments: 7, Likes: 300,
            Orders: 0, Gmv: 0, GmvAfterEnd: 0, StartedAt: status == LiveRoomStatus.Scheduled ? null : Now.AddHours(-3), EndedAt: endedAt);

    private static PostgresRoomListStore Store(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
