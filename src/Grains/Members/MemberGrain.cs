using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Effects;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Grains.Orders;

namespace PrivateDomain.Realtime.Grains.Members;

public sealed class MemberGrain(
    [PersistentState("member", StorageNames.GrainState)] IPersistentState<MemberState> state,
    IOptions<MemberOptions> options,
    IOptions<OrderOptions> orders,
    TimeProvider time,
    UserNotifier notifier,
    DeferredEffectsLog deferredEffects,
    ILogger<MemberGrain> logger)
    : Grain, IMemberGrain, IRemindable
{
    private readonly MemberOptions _options = options.Value;
    private readonly HashSet<string> _beingStored = [];
    private Outbox _outbox = null!;

    private string MemberId => this.GetPrimaryKeyString();

    private bool Exists => state.State.Name is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _outbox = new Outbox(this, GrainFactory, () => state.State.Pending, state.WriteStateAsync, orders.Value.EffectRetryInterval, logger, deferredEffects);
        _outbox.ResumeIfPending();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => _outbox.DeliverAsync();

    public async Task<MemberProfile> Upsert(MemberUpdate update)
    {
        update = update with { Name = update.Name?.Trim() ?? "", Identities = update.Identities.IsDefault ? [] : update.Identities };
        update.Validate().ThrowIfInvalid();
        var newIdentities = update.Identities.Distinct().Where(i => !state.State.Identities.Contains(i)).ToList();
        if (state.State.Identities.Count + newIdentities.Count > MemberIdentity.MaxPerMember)
        {
            // Before any identity is claimed, so a refused update holds none.
            throw DomainException.Conflict(ErrorCodes.TooManyIdentities,
                $"Member '{MemberId}' has {state.State.Identities.Count} identities; one member holds at most {MemberIdentity.MaxPerMember}.");
        }

        var keys = newIdentities.Select(i => i.Key).ToList();
        _beingStored.UnionWith(keys);
        try
        {
            await ClaimAll(newIdentities);
        }
        catch
        {
            _beingStored.ExceptWith(keys);
            throw;
        }

        state.State.Name = update.Name;
        state.State.Identities.AddRange(newIdentities);
        if (update.Tags is { } tags)
        {
            state.State.Tags = [.. tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal)];
        }

        // A failed write leaves them "being stored": it may have landed, and memory is ahead of storage until this
        // activation (deactivated by the failure) is gone; the next one reads what storage holds.
        await state.WriteStateAsync();
        _beingStored.ExceptWith(keys);
        return Profile();
    }

    public Task<IdentityHolding> HoldsIdentity(string identityKey) => Task.FromResult(
        _beingStored.Contains(identityKey) ? IdentityHolding.BeingStored
        : state.State.Identities.Exists(i => i.Key == identityKey) ? IdentityHolding.Stored
        : IdentityHolding.None);

    /// <summary>Claims every identity, or (refused) none: each is checked before any is claimed.</summary>
    private async Task ClaimAll(List<MemberIdentity> identities)
    {
        foreach (var identity in identities)
        {
            if (await Identity(identity).GetOwner() is { } owner && owner != MemberId)
            {
                throw IdentityClaimed(identity);
            }
        }

        var claimed = new List<MemberIdentity>();
        foreach (var identity in identities)
        {
            if (await Identity(identity).Claim(MemberId) != MemberId)
            {
                // Someone claimed it between the check and the claim: give back what this call took.
                foreach (var mine in claimed)
                {
                    await Identity(mine).Release(MemberId);
                }

                throw IdentityClaimed(identity);
            }

            claimed.Add(identity);
        }
    }

    public Task<MemberProfile?> GetProfile() => Task.FromResult(Exists ? Profile() : null);

    /// <remarks>
    /// The binding is stored first and the guides hear of it from the outbox: told first, a guide kept (and counted as
    /// a new member) a customer whose own write then failed, and who a later scan bound to someone else. A binding's
    /// effects are delivered before the next binding is made, so a guide never hears of them out of order.
    /// </remarks>
    public async Task<GuideBinding> BindGuide(string guideId, bool reassign)
    {
        EnsureExists();
        await _outbox.DeliverAsync();
        var current = state.State.GuideId;
        if (current == guideId || (current is not null && !reassign))
        {
            // The first scan wins: a later card does not take the member away (operations may reassign).
            return new GuideBinding(MemberId, current, state.State.GuideBoundAt!.Value, Changed: false);
        }

        if (state.State.Pending.Count > 0)
        {
            throw new DomainException(ErrorKind.Unavailable, ErrorCodes.Unavailable,
                $"The last guide binding of member '{MemberId}' is still being delivered to the guides; bind again in a few seconds.");
        }

        if (await GrainFactory.GetGrain<IGuideGrain>(guideId).GetProfile() is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Guide '{guideId}' does not exist.");
        }

        var now = time.GetUtcNow();
        await _outbox.ArmAsync();
        state.State.GuideId = guideId;
        state.State.GuideBoundAt = now;
        state.State.Pending.Add(new AddGuideCustomer(guideId, MemberId, now));
        if (current is not null)
        {
            state.State.Pending.Add(new RemoveGuideCustomer(current, MemberId));
            state.State.Pending.Add(new ForgetFollowUps(current, MemberId));
            state.State.Pending.AddRange(FollowUpsStillOpen(now).Select(followUp => new AddFollowUp(guideId, followUp)));
        }

        await state.WriteStateAsync();
        await _outbox.DeliverAsync();
        return new GuideBinding(MemberId, guideId, now, Changed: true);
    }

    public async Task RecordBrowse(string sku, string storeId)
    {
        new Validation().RequireId(sku, "sku").RequireId(storeId, "storeId").ThrowIfInvalid();
        EnsureExists();
        var product = GrainFactory.GetGrain<ISkuGrain>(sku).GetProfile();
        var store = GrainFactory.GetGrain<IStoreGrain>(storeId).GetProfile();
        await Task.WhenAll(product, store);
        if (await product is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownSku, $"SKU '{sku}' does not exist.");
        }

        if (await store is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownStore, $"Store '{storeId}' does not exist.");
        }

        var now = time.GetUtcNow();
        var since = now - _options.BrowseWindow;
        ForgetBrowsingBefore(since);
        if (!state.State.Views.TryGetValue(sku, out var views))
        {
            state.State.Views[sku] = views = [];
        }

        views.Add(now);
        state.State.LastStoreId = storeId;

        var boughtRecently = state.State.LastBought.TryGetValue(sku, out var bought) && bought >= since;
        var alertedRecently = state.State.Alerted.TryGetValue(sku, out var alerted) && alerted >= since;
        var alert = views.Count >= _options.BrowseAlertViews && !boughtRecently && !alertedRecently && state.State.GuideId is not null;
        if (alert)
        {
            // Kept with the guide before this state says the guide was told: a push only reaches a guide who is
            // connected. A browse whose write then fails alerts again at the next view, in the follow-up's place.
            await GrainFactory.GetGrain<IGuideFollowUpsGrain>(state.State.GuideId!).Add(
                new FollowUp(MemberId, state.State.Name!, sku, views.Count, now, now + _options.BrowseWindow));
            state.State.Alerted[sku] = now;
        }

        await state.WriteStateAsync();
        if (alert)
        {
            notifier.GuideAlert(state.State.GuideId!, new GuideAlert(
                GuideAlertKind.BrowseWithoutBuy,
                $"{state.State.Name} has looked at {sku} {views.Count} times this week without buying it.",
                MemberId,
                sku));
        }
    }

    /// <summary>
    /// The follow-ups the member's guide was given that still stand: SKUs alerted within the browse window and not bought
    /// since. A guide who dismissed one gets it again only if the member moves to another guide.
    /// </summary>
    private IEnumerable<FollowUp> FollowUpsStillOpen(DateTimeOffset now) =>
        from alerted in state.State.Alerted
        where alerted.Value > now - _options.BrowseWindow
              && !(state.State.LastBought.TryGetValue(alerted.Key, out var bought) && bought >= alerted.Value)
        select new FollowUp(MemberId, state.State.Name!, alerted.Key, AlertedViewsOf(alerted.Key), alerted.Value, alerted.Value + _options.BrowseWindow);

    // The views of the browse window, which by now may leave out some that made the alert: at least as many as alert.
    private int AlertedViewsOf(string sku) => Math.Max(state.State.Views.GetValueOrDefault(sku)?.Count ?? 0, _options.BrowseAlertViews);

    /// <summary>
    /// Views, alerts and purchases older than the browse window decide nothing any more; without this the state would
    /// keep every SKU the member ever looked at.
    /// </summary>
    private void ForgetBrowsingBefore(DateTimeOffset since)
    {
        foreach (var (sku, views) in state.State.Views.ToList())
        {
            views.RemoveAll(v => v < since);
            if (views.Count == 0)
            {
                state.State.Views.Remove(sku);
            }
        }

        ForgetBefore(state.State.Alerted, at => at, since);

        ForgetBefore(state.State.LastBought, at => at, since);
    }

    public async Task RecordPurchase(PurchaseRecord purchase)
    {
        if (state.State.Purchases.ContainsKey(purchase.PurchaseId))
        {
            return;
        }

        // A SKU the guide was told to follow up on is bought: nothing is left to follow up. Before this purchase
        // changes anything here: a retried delivery stops at the check above once the purchase is recorded.
        var followedUp = purchase.Skus.Where(state.State.Alerted.ContainsKey).ToList();
        if (followedUp.Count > 0 && state.State.GuideId is { } guideId)
        {
            var followUps = GrainFactory.GetGrain<IGuideFollowUpsGrain>(guideId);
            await Task.WhenAll(followedUp.Select(sku => followUps.Remove(MemberId, sku)));
        }

        ForgetBefore(state.State.Purchases, at => at, time.GetUtcNow() - _options.PurchaseMemory);

        state.State.Purchases[purchase.PurchaseId] = purchase.At;
        state.State.PaidSpend += purchase.Amount;
        state.State.Points += purchase.Amount / 100; // one point per whole yuan
        state.State.LastStoreId = purchase.StoreId;
        foreach (var sku in purchase.Skus)
        {
            state.State.LastBought[sku] = purchase.At;
        }

        await state.WriteStateAsync();
    }

    public async Task<Coupon> GrantCoupon(Coupon coupon)
    {
        coupon = coupon with { UsedByOrderId = null };
        coupon.Validate().ThrowIfInvalid();
        EnsureExists();
        if (state.State.Coupons.TryGetValue(coupon.CouponId, out var known))
        {
            return known with { UsedByOrderId = null } == coupon
                ? known
                : throw DomainException.Conflict(ErrorCodes.CouponUnavailable, $"Coupon '{coupon.CouponId}' was already granted with different terms.");
        }

        // After the same-grant answer, so a retry still gets its coupon once it has lapsed.
        if (coupon.ExpiresAt <= time.GetUtcNow())
        {
            throw DomainException.Invalid(ErrorCodes.ValidationFailed, "expiresAt must be in the future: a coupon already lapsed could never be used.");
        }

        // Coupons only grow at a grant, so that is where the old ones go: without it every coupon a member ever claimed
        // in a live room would be rewritten with each purchase and browse (gone from storage with the next write).
        ForgetBefore(state.State.Coupons, c => c.ExpiresAt, time.GetUtcNow() - Coupon.KeptAfterExpiry);
        if (state.State.Coupons.Count >= Coupon.MaxKeptPerMember)
        {
            throw DomainException.Conflict(ErrorCodes.TooManyCoupons,
                $"Member '{MemberId}' has {state.State.Coupons.Count} coupons; a member keeps at most {Coupon.MaxKeptPerMember} (lapsed ones are forgotten {Coupon.KeptAfterExpiry.TotalDays:0} days later).");
        }

        state.State.Coupons[coupon.CouponId] = coupon;
        await state.WriteStateAsync();
        return coupon;
    }

    /// <summary>Removes what the member keeps only for a while (alerts, purchases, coupons) once dated before <paramref name="before"/>.</summary>
    private static void ForgetBefore<TValue>(Dictionary<string, TValue> entries, Func<TValue, DateTimeOffset> dated, DateTimeOffset before)
    {
        foreach (var (key, value) in entries)
        {
            if (dated(value) < before)
            {
                entries.Remove(key); // a Dictionary allows Remove while it is enumerated
            }
        }
    }

    public Task<long> QuoteCoupon(string couponId, long subtotal)
    {
        var coupon = UsableCoupon(couponId, orderId: null, time.GetUtcNow());
        return subtotal >= coupon.MinSpend
            ? Task.FromResult(Math.Min(coupon.AmountOff, subtotal))
            : throw DomainException.Conflict(ErrorCodes.CouponUnavailable, $"Coupon '{couponId}' needs an order of at least {coupon.MinSpend} fen.");
    }

    public async Task UseCoupon(string couponId, string orderId, DateTimeOffset placedAt)
    {
        var coupon = UsableCoupon(couponId, orderId, placedAt);
        if (coupon.UsedByOrderId != orderId)
        {
            state.State.Coupons[couponId] = coupon with { UsedByOrderId = orderId };
            await state.WriteStateAsync();
        }
    }

    public async Task ReturnCoupon(string couponId, string orderId)
    {
        if (state.State.Coupons.GetValueOrDefault(couponId) is { } coupon && coupon.UsedByOrderId == orderId)
        {
            state.State.Coupons[couponId] = coupon with { UsedByOrderId = null };
            await state.WriteStateAsync();
        }
    }

    /// <summary>The coupon, if <paramref name="orderId"/> (or a new order) may use it as of <paramref name="at"/>.</summary>
    private Coupon UsableCoupon(string couponId, string? orderId, DateTimeOffset at)
    {
        var coupon = state.State.Coupons.GetValueOrDefault(couponId)
            ?? throw DomainException.Conflict(ErrorCodes.CouponUnavailable, $"Member '{MemberId}' has no coupon '{couponId}'.");
        if (coupon.UsedByOrderId is { } used && used != orderId)
        {
            throw DomainException.Conflict(ErrorCodes.CouponUnavailable, $"Coupon '{couponId}' was already used by order '{used}'.");
        }

        return coupon.UsedByOrderId is null && coupon.ExpiresAt <= at
            ? throw DomainException.Conflict(ErrorCodes.CouponUnavailable, $"Coupon '{couponId}' expired at {coupon.ExpiresAt:O}.")
            : coupon;
    }

    private MemberProfile Profile() => new(
        MemberId,
        state.State.Name!,
        [.. state.State.Identities],
        [.. state.State.Tags],
        TierOf(state.State.PaidSpend),
        state.State.Points,
        state.State.PaidSpend,
        state.State.GuideId,
        state.State.GuideBoundAt,
        state.State.LastStoreId,
        [.. state.State.Coupons.Values.OrderBy(c => c.CouponId, StringComparer.Ordinal)]);

    private MemberTier TierOf(long spend) =>
        spend >= _options.HeadTierSpend ? MemberTier.Head : spend >= _options.WaistTierSpend ? MemberTier.Waist : MemberTier.Ordinary;

    private void EnsureExists()
    {
        if (!Exists)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownMember, $"Member '{MemberId}' does not exist.");
        }
    }

    private IIdentityGrain Identity(MemberIdentity identity) => GrainFactory.GetGrain<IIdentityGrain>(identity.Key);

    private static DomainException IdentityClaimed(MemberIdentity identity) =>
        DomainException.Conflict(ErrorCodes.IdentityClaimed, $"The {identity.Channel} '{identity.Id}' already belongs to another member.");
}
