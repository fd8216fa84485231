namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The stable error codes of the client contract (problem details <c>code</c>, hub exception reason).</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation-failed";
    public const string UnknownRegion = "unknown-region";
    public const string UnknownTeam = "unknown-team";
    public const string UnknownStore = "unknown-store";
    public const string UnknownSku = "unknown-sku";
    public const string KeyMismatch = "key-mismatch";
    public const string Unavailable = "unavailable";

    public const string InsufficientStock = "insufficient-stock";
    public const string StoreNotInRegion = "store-not-in-region";
    public const string PickupNotAvailable = "pickup-not-available";
    public const string NegativeStock = "negative-stock";
    public const string StockBelowReserved = "stock-below-reserved";
    public const string AdjustmentConflict = "adjustment-conflict";
    public const string UnknownReservation = "unknown-reservation";
    public const string ReservationConflict = "reservation-conflict";
    public const string ReservationExpired = "reservation-expired";
    public const string ReservationReleased = "reservation-released";
    public const string ReservationConfirmed = "reservation-confirmed";
    public const string HoldLimit = "hold-limit";

    public const string UnknownOrder = "unknown-order";
    public const string OrderConflict = "order-conflict";
    public const string AmountMismatch = "amount-mismatch";
    public const string OrderExpired = "order-expired";
    public const string OrderCancelled = "order-cancelled";
    public const string OrderAlreadyPaid = "order-already-paid";
    public const string OrderNotPaid = "order-not-paid";
    public const string OrderPaid = "order-paid";
    public const string NotFulfillingStore = "not-fulfilling-store";
    public const string PickupCodeMismatch = "pickup-code-mismatch";
    public const string ReservationOfOrder = "reservation-of-order";
    public const string UnknownPickupCode = "unknown-pickup-code";
    public const string PickupCodeAmbiguous = "pickup-code-ambiguous";

    public const string UnknownMember = "unknown-member";
    public const string IdentityClaimed = "identity-claimed";
    public const string CouponUnavailable = "coupon-unavailable";
    public const string TooManyCoupons = "too-many-coupons";
    public const string TooManyIdentities = "too-many-identities";
    public const string UnknownGuide = "unknown-guide";
    public const string GuideNotInStore = "guide-not-in-store";
    public const string SaleConflict = "sale-conflict";
    public const string UnknownTask = "unknown-task";
    public const string TaskConflict = "task-conflict";
    public const string TaskExpired = "task-expired";
    public const string NotAForwardTask = "not-a-forward-task";
    public const string TooManyTasks = "too-many-tasks";
    public const string UnknownLiveRoom = "unknown-live-room";
    public const string UnknownBoard = "unknown-board";
    public const string UnknownPk = "unknown-pk";
    public const string PkConflict = "pk-conflict";
    public const string LiveRoomEnded = "live-room-ended";
    public const string RoomNotLive = "room-not-live";
    public const string NotHost = "not-host";
    public const string NotOnShelf = "not-on-shelf";
    public const string CommentEmpty = "comment-empty";
    public const string CommentTooLong = "comment-too-long";
    public const string BannedWord = "banned-word";
    public const string TooFast = "too-fast";
    public const string SlowMode = "slow-mode";
    public const string Muted = "muted";
    public const string UnknownComment = "unknown-comment";
    public const string UnknownFlashSale = "unknown-flash-sale";
    public const string FlashSaleConflict = "flash-sale-conflict";
    public const string SoldOut = "sold-out";
    public const string BuyerLimit = "buyer-limit";
    public const string UnknownCouponDrop = "unknown-coupon-drop";
    public const string CouponDropConflict = "coupon-drop-conflict";
    public const string CouponsGone = "coupons-gone";
    public const string TooManyCouponDrops = "too-many-coupon-drops";
}
