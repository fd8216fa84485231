using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Effects;

/// <summary>Delivers an outbox, removing what was delivered (or can never be).</summary>
internal static class EffectDelivery
{
    /// <summary>
    /// Tries every pending effect once, all at the same time: each is idempotent and independent of the others, so a
    /// payment waits for the slowest receiver rather than the sum of them. Delivered ones leave
    /// <paramref name="pending"/>; so do ones the receiver refuses for good (a <see cref="DomainException"/> that is not
    /// "unavailable"), logged as errors, because retrying them forever would help no one. The others stay, said (not
    /// each time) by <paramref name="deferred"/>. Returns how many left the list.
    /// </summary>
    public static async Task<int> DeliverAsync(IGrainFactory grains, List<Effect> pending, string owner, ILogger logger, DeferredEffectsLog deferred)
    {
        var attempts = pending.ToList();
        var settled = await Task.WhenAll(attempts.Select(async effect =>
        {
            try
            {
                await Deliver(grains, effect);
            }
            catch (DomainException refused) when (refused.Kind != ErrorKind.Unavailable)
            {
                Log.EffectRefused(logger, owner, effect.GetType().Name, refused.Code, refused.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                deferred.Deferred(owner, effect.GetType().Name, ex);
                return false;
            }

            return true;
        }));

        var done = 0;
        for (var i = 0; i < attempts.Count; i++)
        {
            if (settled[i] && pending.Remove(attempts[i]))
            {
                done++;
            }
        }

        return done;
    }

    private static Task Deliver(IGrainFactory grains, Effect effect) => effect switch
    {
        ConfirmStock { OrderId: { } orderId } confirm => grains.GetGrain<IInventoryPoolGrain>(confirm.PoolKey).ConfirmPaid(confirm.ReservationId, orderId),
        ConfirmStock confirm => grains.GetGrain<IInventoryPoolGrain>(confirm.PoolKey).Confirm(confirm.ReservationId),
        ConfirmStockPart part => grains.GetGrain<IInventoryPoolGrain>(part.PoolKey).ConfirmPart(part.ReservationId, part.PartId, part.Units),
        CreditGuide guide => grains.GetGrain<IGuideGrain>(guide.GuideId).RecordSale(guide.Sale),
        CreditStore store => grains.GetGrain<IStoreGrain>(store.StoreId).RecordSale(store.SaleId, store.Amount, store.At),
        CreditAccount account => grains.GetGrain<IAccountGrain>(account.AccountId).Credit(account.OrderId, account.Amount, account.PaidAt),
        CreditMember member => grains.GetGrain<IMemberGrain>(member.MemberId).RecordPurchase(member.Purchase),
        CreditLiveRoom room => grains.GetGrain<ILiveRoomGrain>(room.RoomId).RecordPaidOrder(room.OrderId, room.Amount, room.PaidAt),
        CompleteFulfilment fulfilment => grains.GetGrain<IStoreGrain>(fulfilment.StoreId).CompleteFulfilment(fulfilment.FulfilmentId),
        AddGuideCustomer customer => grains.GetGrain<IGuideGrain>(customer.GuideId).AddCustomer(customer.MemberId, customer.BoundAt),
        RemoveGuideCustomer customer => grains.GetGrain<IGuideGrain>(customer.GuideId).RemoveCustomer(customer.MemberId),
        AddFollowUp followUp => grains.GetGrain<IGuideFollowUpsGrain>(followUp.GuideId).Add(followUp.FollowUp),
        ForgetFollowUps followUps => grains.GetGrain<IGuideFollowUpsGrain>(followUps.GuideId).RemoveMember(followUps.MemberId),
        ReturnCoupon coupon => grains.GetGrain<IMemberGrain>(coupon.MemberId).ReturnCoupon(coupon.CouponId, coupon.OrderId),
        _ => throw new InvalidOperationException($"No delivery for {effect.GetType().Name}."),
    };
}
