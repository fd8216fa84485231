using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A member (key: member id): identities, tags, tier, points, coupons, exclusive guide, browse counters.</summary>
[Alias("pd.IMemberGrain")]
public interface IMemberGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task<MemberProfile> Upsert(MemberUpdate update);

    [ReadOnly, Alias("GetProfile")]
    Task<MemberProfile?> GetProfile();

    /// <summary>
    /// Whether the member holds an identity (key <c>{channel}:{id}</c>): stored, still being stored by an update in
    /// flight (or one whose write failed, until the member leaves memory), or not at all. Asked by an identity whose
    /// claim it has not yet seen stored; interleaved, as that update may be waiting on the identity.
    /// </summary>
    [AlwaysInterleave, Alias("HoldsIdentity")]
    Task<IdentityHolding> HoldsIdentity(string identityKey);

    /// <summary>A scan of a guide's QR card: the first binding wins; <paramref name="reassign"/> (ops) moves the member.</summary>
    [Alias("BindGuide")]
    Task<GuideBinding> BindGuide(string guideId, bool reassign);

    /// <summary>A product view; the third view of a SKU in a week without buying it alerts the exclusive guide (once a week).</summary>
    [Alias("RecordBrowse")]
    Task RecordBrowse(string sku, string storeId);

    /// <summary>Points, tier and purchase history from a paid order or in-store sale; idempotent on the purchase id.</summary>
    [Alias("RecordPurchase")]
    Task RecordPurchase(PurchaseRecord purchase);

    [Alias("GrantCoupon")]
    Task<Coupon> GrantCoupon(Coupon coupon);

    /// <summary>The discount a coupon gives an order of <paramref name="subtotal"/>; refuses one that is used, expired or not met.</summary>
    [ReadOnly, Alias("QuoteCoupon")]
    Task<long> QuoteCoupon(string couponId, long subtotal);

    /// <summary>
    /// Spends a coupon on an order placed at <paramref name="placedAt"/> (a coupon valid when the order was placed is
    /// honoured through its payment window); idempotent for that order, refused for another.
    /// </summary>
    [Alias("UseCoupon")]
    Task UseCoupon(string couponId, string orderId, DateTimeOffset placedAt);

    /// <summary>Makes a coupon spent on an order that ended unpaid usable again; changes nothing unless that order holds it.</summary>
    [Alias("ReturnCoupon")]
    Task ReturnCoupon(string couponId, string orderId);
}
