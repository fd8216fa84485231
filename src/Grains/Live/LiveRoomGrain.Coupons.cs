using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

// The coupons a host drops: the drop grain hands them out (ICouponDropGrain); the room lists its drops and shows what
// each has left, from the drops' own reports.
public sealed partial class LiveRoomGrain
{
    /// <summary>
    /// The latest claims report of each coupon drop, so a late report never shows more coupons than are left; kept also
    /// for a drop not listed yet (claimed while the room was listing it), whose listing then shows it.
    /// </summary>
    private readonly Dictionary<string, (long Version, int Remaining)> _couponDropReports = [];

    public async Task<CouponDropView> DropCoupon(Actor actor, string dropId, long amountOff, long minSpend, int quantity)
    {
        CouponDropView.ValidateTerms(dropId, amountOff, minSpend, quantity).ThrowIfInvalid();
        var info = EnsureHost(actor);
        if (Room.CouponDrops.TryGetValue(dropId, out var existing))
        {
            if (!existing.SameTerms(amountOff, minSpend, quantity))
            {
                throw DomainException.Conflict(ErrorCodes.CouponDropConflict, $"Coupon drop '{dropId}' was already made with other terms.");
            }

            await _state.WhenAllDurable();
            return Room.CouponDrops[dropId];
        }

        if (info.Status != LiveRoomStatus.Live)
        {
            throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Live room '{RoomId}' is not live.");
        }

        if (Room.CouponDrops.Count >= _options.MaxCouponDrops)
        {
            throw DomainException.Conflict(ErrorCodes.TooManyCouponDrops, $"A room drops at most {_options.MaxCouponDrops} times.");
        }

        // The drop hands the coupons out; the room lists it once it exists (a retried drop finds it open and adds it).
        var dropGrain = GrainFactory.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(RoomId, dropId));
        var drop = await dropGrain.Open(amountOff, minSpend, quantity, _time.GetUtcNow() + _options.DroppedCouponValidity);
        if (Room.Info!.Status != LiveRoomStatus.Live)
        {
            // The room ended while the drop opened, and its end closed the drops it listed then: this one it did not.
            await dropGrain.Close();
            throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Live room '{RoomId}' ended while the coupons were dropped.");
        }

        if (!Room.CouponDrops.ContainsKey(dropId) && Room.CouponDrops.Count >= _options.MaxCouponDrops)
        {
            // Other drops were listed while this one opened; nobody has heard of this one yet.
            await dropGrain.Close();
            throw DomainException.Conflict(ErrorCodes.TooManyCouponDrops, $"A room drops at most {_options.MaxCouponDrops} times.");
        }

        if (_couponDropReports.TryGetValue(dropId, out var report))
        {
            drop = drop with { Remaining = report.Remaining };
        }

        if (!Room.CouponDrops.TryAdd(dropId, drop))
        {
            // The same drop, asked twice at once: the other call lists it.
            await _state.WhenAllDurable();
            return Room.CouponDrops[dropId];
        }

        Changed();
        await _state.WriteAsync();
        return drop;
    }

    public Task CouponDropChanged(string dropId, int remaining, long version)
    {
        if (version <= _couponDropReports.GetValueOrDefault(dropId).Version)
        {
            return Task.CompletedTask;
        }

        _couponDropReports[dropId] = (version, remaining);
        if (Room.CouponDrops.TryGetValue(dropId, out var drop))
        {
            Room.CouponDrops[dropId] = drop with { Remaining = remaining };
            Changed();
            MarkDirty();
        }

        return Task.CompletedTask;
    }
}
