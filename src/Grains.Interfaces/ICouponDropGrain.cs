using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// One coupon drop of a live room (key: <see cref="KeyFor"/>): its terms, the members who claimed, whether the room
/// still offers it. Exactly its quantity is claimed, one per member, however many claim at once.
/// </summary>
[Alias("pd.ICouponDropGrain")]
public interface ICouponDropGrain : IGrainWithStringKey
{
    public static string KeyFor(string roomId, string dropId) => $"{roomId}/{dropId}";

    /// <summary>The member's coupon id: a drop's coupon is named by its room and drop, so drops of two rooms never meet.</summary>
    public static string CouponIdFor(string roomId, string dropId) => $"drop:{roomId}:{dropId}";

    /// <summary>Opens the drop (the room calls it); a repeat answers the drop as it stands.</summary>
    [Alias("Open")]
    Task<CouponDropView> Open(long amountOff, long minSpend, int quantity, DateTimeOffset couponExpiresAt);

    /// <summary>The member's coupon; a repeat of a member's claim answers the same coupon.</summary>
    [Alias("Claim")]
    Task<Coupon> Claim(string memberId);

    /// <summary>The room ended: nothing more is claimed.</summary>
    [Alias("Close")]
    Task Close();

    [ReadOnly, Alias("Get")]
    Task<CouponDropView?> Get();
}
