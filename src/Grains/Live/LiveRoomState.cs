using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

[GenerateSerializer, Alias("pd.LiveRoomState")]
public sealed class LiveRoomState
{
    // Ids 1 and 8 held the room's paid orders and its sale holds; both grew with the orders and were rewritten with
    // every write. The paid orders are now the room's figures (ISalesLedger), the holds rows of ISaleHoldStore.
    [Id(0)]
    public LiveRoomInfo? Info { get; set; }

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

    [Id(9)]
    public long Likes { get; set; }

    [Id(10)]
    public long Comments { get; set; }

    [Id(11)]
    public int PeakViewers { get; set; }

    [Id(12)]
    public long Seq { get; set; }

    /// <summary>
    /// Units of the sales' pool reservations owed back to the region (unsold when a sale ended, held by an order that
    /// lapsed after), by the pool's part id, until the pool has taken them.
    /// </summary>
    [Id(13)]
    public Dictionary<string, SaleGiveBack> GiveBacks { get; set; } = [];

    /// <summary>Flash sales whose units are being taken from the pool, by sale id, until the sale is stored or undone.</summary>
    [Id(14)]
    public Dictionary<string, SaleStart> SaleStarts { get; set; } = [];

    /// <summary>
    /// Whose retry names which of the latest comments (as many as <see cref="Recent"/> keeps, deleted ones too), so the
    /// next activation recognises a retry the last one answered: a silo shutting down under a live room drops answers.
    /// </summary>
    [Id(15)]
    public List<ClientMessage> ClientMessages { get; set; } = [];

    /// <summary>The coupons the host dropped, as viewers see them (each drop's claims are its own grain's).</summary>
    [Id(16)]
    public Dictionary<string, CouponDropView> CouponDrops { get; set; } = [];

    public LiveRoomState Copy() => new()
    {
        Info = Info,
        Recent = [.. Recent],
        LastCommentId = LastCommentId,
        Mutes = new Dictionary<string, DateTimeOffset>(Mutes),
        SlowModeSeconds = SlowModeSeconds,
        PinnedSku = PinnedSku,
        Sales = new Dictionary<string, FlashSale>(Sales),
        Likes = Likes,
        Comments = Comments,
        PeakViewers = PeakViewers,
        Seq = Seq,
        GiveBacks = new Dictionary<string, SaleGiveBack>(GiveBacks),
        SaleStarts = new Dictionary<string, SaleStart>(SaleStarts),
        ClientMessages = [.. ClientMessages],
        CouponDrops = new Dictionary<string, CouponDropView>(CouponDrops),
    };
}
