using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// One coupon drop, apart from its room: a drop's claims are its own concern, and its claimed members (up to 1,000)
/// would otherwise be rewritten with every write of a busy room. Reentrant with coalesced writes, as the pool is: each
/// claim is decided in one synchronous step and the claims of the same moment share one write. A claim is stored before
/// the member is given the coupon — so exactly the drop's quantity is ever given, a claim whose grant failed is given by
/// the member's retry, and a grant the member refused (unknown member) gives its unit back.
/// </summary>
[Reentrant]
public sealed class CouponDropGrain(
    [PersistentState("coupon-drop", StorageNames.GrainState)] IPersistentState<CouponDropState> storage,
    TimeProvider time,
    ILogger<CouponDropGrain> logger) : Grain, ICouponDropGrain
{
    private StatePart<CouponDropState> _state = null!;
    private IGrainTimer? _reportAgain;

    private CouponDropState Drop => _state.Live;

    // The key is {roomId}/{dropId}; a room id holds no '/' (ids are letters, digits and -_.:).
    private (string RoomId, string DropId) Names => this.GetPrimaryKeyString().Split('/', 2) is [var room, var drop] ? (room, drop) : ("", "");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = new StatePart<CouponDropState>(storage, s => s.Copy());
        return Task.CompletedTask;
    }

    public async Task<CouponDropView> Open(long amountOff, long minSpend, int quantity, DateTimeOffset couponExpiresAt)
    {
        CouponDropView.ValidateTerms(Names.DropId, amountOff, minSpend, quantity).ThrowIfInvalid();
        if (Drop.Drop is { } known)
        {
            if (!known.SameTerms(amountOff, minSpend, quantity))
            {
                throw DomainException.Conflict(ErrorCodes.CouponDropConflict, $"Coupon drop '{Names.DropId}' was already made with other terms.");
            }

            await _state.WhenAllDurable();
            return View();
        }

        Drop.Drop = new CouponDropView(Names.DropId, amountOff, minSpend, quantity, quantity, couponExpiresAt);
        await _state.WriteAsync();
        return View();
    }

    public async Task<Coupon> Claim(string memberId)
    {
        var drop = Drop.Drop ?? throw DomainException.NotFound(ErrorCodes.UnknownCouponDrop, $"Coupon drop '{Names.DropId}' does not exist.");
        var coupon = new Coupon(ICouponDropGrain.CouponIdFor(Names.RoomId, Names.DropId), drop.AmountOff, drop.MinSpend, drop.CouponExpiresAt);
        var member = GrainFactory.GetGrain<IMemberGrain>(memberId);
        if (Drop.ClaimedBy.Contains(memberId))
        {
            // A repeat (or a double tap): granted once the claim is stored; its grant may have failed after that. The
            // member answers a coupon it has.
            await _state.WhenAllDurable();
            return await member.GrantCoupon(coupon);
        }

        if (Drop.Closed || time.GetUtcNow() >= drop.CouponExpiresAt)
        {
            throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Coupon drop '{Names.DropId}' is closed: its room has ended, or its coupons have lapsed.");
        }

        if (Drop.ClaimedBy.Count >= drop.Quantity)
        {
            throw DomainException.Conflict(ErrorCodes.CouponsGone, $"All {drop.Quantity} coupons of drop '{Names.DropId}' are taken.");
        }

        // A failed write fails this claim and every later one, and the drop is read again from storage (StatePart).
        Drop.ClaimedBy.Add(memberId);
        Drop.Version++;
        await _state.WriteAsync();
        try
        {
            var granted = await member.GrantCoupon(coupon);
            await ReportToRoom();
            return granted;
        }
        catch (DomainException)
        {
            // The member refused it (no such member, a coupon of that id with other terms): nothing was given.
            Drop.ClaimedBy.Remove(memberId);
            Drop.Version++;
            await _state.WriteAsync();
            await ReportToRoom();
            throw;
        }
    }

    public async Task Close()
    {
        if (Drop.Drop is not null && !Drop.Closed)
        {
            Drop.Closed = true;
            await _state.WriteAsync();
            return;
        }

        await _state.WhenAllDurable();
    }

    public Task<CouponDropView?> Get() => Task.FromResult(Drop.Drop is null ? null : View());

    private CouponDropView View() => Drop.Drop! with { Remaining = Drop.Drop.Quantity - Drop.ClaimedBy.Count };

    /// <summary>Viewers see what is left with the room's next batch; a report that fails is sent again every second until one lands.</summary>
    private async Task ReportToRoom()
    {
        try
        {
            // Read before the call: claims decided while it travels are reported by their own calls.
            var (remaining, version) = (View().Remaining, Drop.Version);
            await GrainFactory.GetGrain<ILiveRoomGrain>(Names.RoomId).CouponDropChanged(Names.DropId, remaining, version);
            _reportAgain?.Dispose();
            _reportAgain = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.CouponDropNotReported(logger, Names.RoomId, Names.DropId, ex);
            _reportAgain ??= this.RegisterGrainTimer(_ => ReportToRoom(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }
}
