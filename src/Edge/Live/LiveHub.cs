using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>
/// Viewers and hosts in live rooms. Joining answers the room's snapshot; after that the connection receives the
/// room's batches (<c>RoomUpdate</c>) until it leaves or disconnects. The room grain enforces the rules (who may
/// moderate, rate limits, stock); refusals come back as <see cref="HubException"/> "code: reason".
/// </summary>
[Authorize]
public sealed class LiveHub(LiveRoomFeeds feeds, IGrainFactory grains) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    /// <summary>Likes one call may carry: clients sum taps, but not without limit.</summary>
    public const int MaxLikesPerCall = 100;

    public Task<RoomSnapshot> JoinRoom(string roomId) => feeds.Join(Context.ConnectionId, RequireRoomId(roomId));

    public void LeaveRoom(string roomId) => feeds.Unwatch(Context.ConnectionId, RequireRoomId(roomId));

    /// <summary>A comment from a connection in the room: one that never joined would speak where it does not listen.</summary>
    public async Task<CommentPosted> SendComment(string roomId, string clientMessageId, string text)
    {
        RequireJoined(roomId, "commenting in it");
        return await Room(roomId).PostComment(await Actor(), clientMessageId ?? "", text ?? "");
    }

    public void Like(string roomId, int count)
    {
        if (count is < 1 or > MaxLikesPerCall)
        {
            throw new HubException($"{ErrorCodes.ValidationFailed}: count must be between 1 and {MaxLikesPerCall}.");
        }

        RequireJoined(roomId, "liking it");
        feeds.Like(roomId, count);
    }

    [HubRole(Policies.Member)]
    [Traced]
    public async Task<Order> Buy(string roomId, string saleId, string orderId, int quantity, double latitude, double longitude) =>
        await Room(roomId).Buy(await Actor(), saleId ?? "", orderId ?? "", quantity, latitude, longitude);

    [HubRole(Policies.GuideOrOps)]
    [Traced]
    public async Task PinProduct(string roomId, string sku) => await Room(roomId).PinProduct(await Actor(), sku ?? "");

    [HubRole(Policies.GuideOrOps)]
    [Traced]
    public async Task<FlashSaleView> StartFlashSale(string roomId, string saleId, string sku, long price, int quantity) =>
        await Room(roomId).StartFlashSale(await Actor(), saleId ?? "", sku ?? "", price, quantity);

    [HubRole(Policies.GuideOrOps)]
    [Traced]
    public async Task<CouponDropView> DropCoupon(string roomId, string dropId, long amountOff, long minSpend, int quantity) =>
        await Room(roomId).DropCoupon(await Actor(), dropId ?? "", amountOff, minSpend, quantity);

    /// <summary>A viewer takes one coupon of a drop; it is theirs (<c>coupons</c> of their profile) for an order's <c>couponId</c>.</summary>
    [HubRole(Policies.Member)]
    [Traced]
    public async Task<Coupon> ClaimCoupon(string roomId, string dropId)
    {
        RequireJoined(roomId, "claiming its coupons");
        if (!Validation.IsValidId(dropId))
        {
            throw new HubException($"{ErrorCodes.ValidationFailed}: dropId is not a valid id.");
        }

        return await grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(roomId, dropId)).Claim((await Actor()).UserId);
    }

    [HubRole(Policies.GuideOrOps)]
    [Traced]
    public async Task MuteUser(string roomId, string userId, int seconds) => await Room(roomId).MuteUser(await Actor(), userId ?? "", seconds);

    [HubRole(Policies.GuideOrOps)]
    [Traced]
    public async Task DeleteComment(string roomId, long commentId) => await Room(roomId).DeleteComment(await Actor(), commentId);

    [HubRole(Policies.GuideOrOps)]
    [Traced]
    public async Task SetSlowMode(string roomId, int seconds) => await Room(roomId).SetSlowMode(await Actor(), seconds);

    private ILiveRoomGrain Room(string roomId) => feeds.Room(RequireRoomId(roomId));

    private void RequireJoined(string roomId, string before)
    {
        if (!feeds.IsWatching(Context.ConnectionId, RequireRoomId(roomId)))
        {
            throw new HubException($"{ErrorCodes.UnknownLiveRoom}: join room '{roomId}' before {before}.");
        }
    }

    /// <summary>Who is calling, with the name viewers see; looked up once per connection.</summary>
    private async Task<Actor> Actor()
    {
        if (Context.Items.TryGetValue(typeof(Actor), out var known) && known is Actor actor)
        {
            return actor;
        }

        actor = await LiveActors.Resolve(Context.User!, grains);
        Context.Items[typeof(Actor)] = actor;
        return actor;
    }

    private static string RequireRoomId(string roomId) =>
        Validation.IsValidId(roomId) ? roomId : throw new HubException($"{ErrorCodes.ValidationFailed}: '{roomId}' is not a valid room id.");
}
