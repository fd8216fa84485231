using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

[GenerateSerializer, Alias("pd.LiveRoomState")]
public sealed class LiveRoomState
{
    [Id(0)]
    public LiveRoomInfo? Info { get; set; }

    /// <summary>Paid orders attributed to the room, by order id (so a repeated delivery counts once), with amount and time.</summary>
    [Id(1)]
    public Dictionary<string, RoomSale> PaidOrders { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("pd.RoomSale")]
public sealed record RoomSale([property: Id(0)] long Amount, [property: Id(1)] DateTimeOffset PaidAt);
