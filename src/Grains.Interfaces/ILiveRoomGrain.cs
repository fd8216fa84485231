using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// One guide's livestream (key: room id): lifecycle, viewers, comments, likes, pinned product, flash sales, stats.
/// Changes reach viewers in batches, one per tick, through each Edge that has viewers.
/// </summary>
[Alias("pd.ILiveRoomGrain")]
public interface ILiveRoomGrain : IGrainWithStringKey
{
    /// <summary>Opens the room (scheduled); idempotent for the same settings.</summary>
    [Alias("Create")]
    Task<LiveRoomInfo> Create(CreateLiveRoom room);

    /// <summary>Goes live; only the host guide or ops.</summary>
    [Alias("Start")]
    Task<RoomSnapshot> Start(Actor actor);

    /// <summary>Ends the room and its flash sales (unsold units go back to the region's pool); only the host guide or ops.</summary>
    [Alias("End")]
    Task<RoomSnapshot> End(Actor actor);

    [ReadOnly, Alias("GetInfo")]
    Task<LiveRoomInfo?> GetInfo();

    [ReadOnly, Alias("GetSnapshot")]
    Task<RoomSnapshot> GetSnapshot();

    [ReadOnly, Alias("GetStats")]
    Task<RoomStats> GetStats();

    /// <summary>
    /// The batches sent after <paramref name="seq"/>, for an Edge that missed one (they go as one-way messages): empty
    /// when the room no longer keeps the one right after it, and the Edge's viewers re-join for a snapshot instead.
    /// </summary>
    [ReadOnly, Alias("GetBatchesAfter")]
    Task<ImmutableArray<RoomUpdate>> GetBatchesAfter(long seq);

    /// <summary>
    /// An Edge's count of its connections in this room, and where to send it the batches. Edges report on change and
    /// every few seconds; an Edge that stops reporting drops out of the count.
    /// </summary>
    [Alias("ReportViewers")]
    Task ReportViewers(string edgeId, IEdgeFeedObserver edge, int viewers);

    [Alias("PostComment")]
    Task<CommentPosted> PostComment(Actor actor, string clientMessageId, string text);

    /// <summary>Likes an Edge collected since its last report (Edges aggregate taps; the room never sees one call per tap).</summary>
    [OneWay, Alias("AddLikes")]
    Task AddLikes(long likes);

    [Alias("PinProduct")]
    Task PinProduct(Actor actor, string sku);

    /// <summary>Starts a flash sale; its units are taken from the region's pool at once, so the room sells only stock it holds.</summary>
    [Alias("StartFlashSale")]
    Task<FlashSaleView> StartFlashSale(Actor actor, string saleId, string sku, long price, int quantity);

    /// <summary>The host drops coupons in the room (<see cref="ICouponDropGrain"/> hands them out); idempotent on <paramref name="dropId"/>.</summary>
    [Alias("DropCoupon")]
    Task<CouponDropView> DropCoupon(Actor actor, string dropId, long amountOff, long minSpend, int quantity);

    /// <summary>A drop's claims changed: viewers see <paramref name="remaining"/> with the next batch (<paramref name="version"/> orders reports).</summary>
    [Alias("CouponDropChanged")]
    Task CouponDropChanged(string dropId, int remaining, long version);

    [Alias("MuteUser")]
    Task MuteUser(Actor actor, string userId, int seconds);

    [Alias("DeleteComment")]
    Task DeleteComment(Actor actor, long commentId);

    [Alias("SetSlowMode")]
    Task SetSlowMode(Actor actor, int seconds);

    /// <summary>Buys from a flash sale: holds the units and creates the order (Reserved); idempotent on the order id; <c>sold-out</c> when nothing is left.</summary>
    [Alias("Buy")]
    Task<Order> Buy(Actor buyer, string saleId, string orderId, int quantity, double latitude, double longitude);

    /// <summary>The order is being paid: its held units become sold (refused if the hold lapsed). Idempotent.</summary>
    [Alias("ConfirmHold")]
    Task ConfirmHold(string orderId);

    /// <summary>
    /// The order was cancelled or expired unpaid (and has stored that): its units return to the sale (or the pool, once
    /// the sale ended), also if a payment that then failed had them taken as sold. Idempotent.
    /// </summary>
    [Alias("ReleaseHold")]
    Task ReleaseHold(string orderId);

    /// <summary>Whether an order placed at <paramref name="at"/> counts for the room: live, or ended under 72 hours earlier.</summary>
    [ReadOnly, Alias("GetAttribution")]
    Task<LiveRoomAttribution?> GetAttribution(DateTimeOffset at);

    /// <summary>A paid order attributed to the room (its GMV); idempotent on the order id.</summary>
    [Alias("RecordPaidOrder")]
    Task RecordPaidOrder(string orderId, long amount, DateTimeOffset paidAt);
}
