using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

[GenerateSerializer, Alias("pd.LiveRoomState")]
public sealed class LiveRoomState
{
    [Id(0)]
    public LiveRoomInfo? Info { get; set; }

    /// <summary>Paid orders attributed to the room, by order id (so a repeated delivery counts once).</summary>
    [Id(1)]
    public Dictionary<string, RoomSale> PaidOrders { get; set; } = [];

    [Id(2)]
    public List<RoomComment> Recent { get; set; } = [];

    [Id(3)]
    public long LastCommentId { get; set; }

    /// <summary>Muted users and until when.</summary>
    [Id(4)]
    public Dictionary<string, DateTimeOffset> Mutes { get; set; } = [];

    [Id(5)]
    public int SlowModeSeconds { get; set; }

    [Id(6)]
    public string? PinnedSku { get; set; }

    [Id(7)]
    public Dictionary<string, FlashSale> Sales { get; set; } = [];

    [Id(8)]
    public Dictionary<string, SaleHold> Holds { get; set; } = [];

    [Id(9)]
    public long Likes { get; set; }

    [Id(10)]
    public long Comments { get; set; }

    [Id(11)]
    public int PeakViewers { get; set; }

    [Id(12)]
    public long Seq { get; set; }

    public LiveRoomState Copy() => new()
    {
        Info = Info,
        PaidOrders = new Dictionary<string, RoomSale>(PaidOrders),
        Recent = [.. Recent],
        LastCommentId = LastCommentId,
        Mutes = new Dictionary<string, DateTimeOffset>(Mutes),
        SlowModeSeconds = SlowModeSeconds,
        PinnedSku = PinnedSku,
        Sales = new Dictionary<string, FlashSale>(Sales),
        Holds = new Dictionary<string, SaleHold>(Holds),
        Likes = Likes,
        Comments = Comments,
        PeakViewers = PeakViewers,
        Seq = Seq,
    };
}

[GenerateSerializer, Immutable, Alias("pd.RoomSale")]
public sealed record RoomSale([property: Id(0)] long Amount, [property: Id(1)] DateTimeOffset PaidAt);
