using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Effects;

/// <summary>
/// Something a paid order or sale owes another grain. Effects sit in their owner's persisted outbox until delivered;
/// every receiver is idempotent on the sale or order id, so a delivery repeated after a crash changes nothing.
/// </summary>
[GenerateSerializer, Alias("pd.Effect")]
public abstract record Effect;

/// <summary>
/// Keep a reservation's stock for good. Its <see cref="OrderId"/> (absent from one stored before it was added) is the
/// paid order's, which the pool honours even after the reservation's time is up.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.ConfirmStock")]
public sealed record ConfirmStock([property: Id(0)] string PoolKey, [property: Id(1)] string ReservationId, [property: Id(2)] string? OrderId = null) : Effect;

/// <summary>Keep part of a reservation (a flash sale's units sold to one order) for good.</summary>
[GenerateSerializer, Immutable, Alias("pd.ConfirmStockPart")]
public sealed record ConfirmStockPart(
    [property: Id(0)] string PoolKey,
    [property: Id(1)] string ReservationId,
    [property: Id(2)] string PartId,
    [property: Id(3)] System.Collections.Immutable.ImmutableArray<Allocation> Units) : Effect;

[GenerateSerializer, Immutable, Alias("pd.CreditGuide")]
public sealed record CreditGuide([property: Id(0)] string GuideId, [property: Id(1)] SaleCredit Sale) : Effect;

[GenerateSerializer, Immutable, Alias("pd.CreditStore")]
public sealed record CreditStore([property: Id(0)] string StoreId, [property: Id(1)] string SaleId, [property: Id(2)] long Amount, [property: Id(3)] DateTimeOffset At) : Effect;

/// <summary>A franchisee's part of a paid order (its stores' settlement lines together), owed to its owner account.</summary>
[GenerateSerializer, Immutable, Alias("pd.CreditAccount")]
public sealed record CreditAccount([property: Id(0)] string AccountId, [property: Id(1)] string OrderId, [property: Id(2)] long Amount, [property: Id(3)] DateTimeOffset PaidAt) : Effect;

[GenerateSerializer, Immutable, Alias("pd.CreditMember")]
public sealed record CreditMember([property: Id(0)] string MemberId, [property: Id(1)] PurchaseRecord Purchase) : Effect;

[GenerateSerializer, Immutable, Alias("pd.CreditLiveRoom")]
public sealed record CreditLiveRoom([property: Id(0)] string RoomId, [property: Id(1)] string OrderId, [property: Id(2)] long Amount, [property: Id(3)] DateTimeOffset PaidAt) : Effect;

/// <summary>A store shipped or handed over its part of an order: it leaves the store's queue.</summary>
[GenerateSerializer, Immutable, Alias("pd.CompleteFulfilment")]
public sealed record CompleteFulfilment([property: Id(0)] string StoreId, [property: Id(1)] string FulfilmentId) : Effect;

/// <summary>
/// An order ended unpaid: the coupon a payment that failed part-way may have spent on it is the member's again
/// (the member grain changes nothing unless that order holds it).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.ReturnCoupon")]
public sealed record ReturnCoupon([property: Id(0)] string MemberId, [property: Id(1)] string CouponId, [property: Id(2)] string OrderId) : Effect;

/// <summary>A member bound to the guide: they become the guide's customer, counted a new member on the day they were bound.</summary>
[GenerateSerializer, Immutable, Alias("pd.AddGuideCustomer")]
public sealed record AddGuideCustomer([property: Id(0)] string GuideId, [property: Id(1)] string MemberId, [property: Id(2)] DateTimeOffset BoundAt) : Effect;

/// <summary>A member reassigned away from the guide: no longer their customer.</summary>
[GenerateSerializer, Immutable, Alias("pd.RemoveGuideCustomer")]
public sealed record RemoveGuideCustomer([property: Id(0)] string GuideId, [property: Id(1)] string MemberId) : Effect;

/// <summary>A follow-up the member's new guide takes over when operations reassign the member.</summary>
[GenerateSerializer, Immutable, Alias("pd.AddFollowUp")]
public sealed record AddFollowUp([property: Id(0)] string GuideId, [property: Id(1)] FollowUp FollowUp) : Effect;

/// <summary>A member reassigned away from the guide: the guide no longer follows them up.</summary>
[GenerateSerializer, Immutable, Alias("pd.ForgetFollowUps")]
public sealed record ForgetFollowUps([property: Id(0)] string GuideId, [property: Id(1)] string MemberId) : Effect;
