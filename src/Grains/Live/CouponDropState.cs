using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

[GenerateSerializer, Alias("pd.CouponDropState")]
public sealed class CouponDropState
{
    [Id(0)]
    public CouponDropView? Drop { get; set; }

    /// <summary>The members who claimed a coupon (at most the drop's quantity).</summary>
    [Id(1)]
    public HashSet<string> ClaimedBy { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public bool Closed { get; set; }

    /// <summary>Grows with every change of the claims, so the room keeps the latest of reports that cross.</summary>
    [Id(3)]
    public long Version { get; set; }

    public CouponDropState Copy() => new() { Drop = Drop, ClaimedBy = new(ClaimedBy, StringComparer.Ordinal), Closed = Closed, Version = Version };
}
