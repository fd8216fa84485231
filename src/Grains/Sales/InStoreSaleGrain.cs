using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Effects;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Orders;

namespace PrivateDomain.Realtime.Grains.Sales;

/// <summary>A sale rung up in a store: counted to the guide (with commission), the store and the member exactly once.</summary>
/// <remarks>
/// Collected after 2 idle minutes rather than the silo's 15: one grain per sale is busy for the seconds its effects
/// take, then rarely read (undelivered effects bring it back by reminder).
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class InStoreSaleGrain : Grain, IInStoreSaleGrain, IRemindable
{
    private readonly IPersistentState<InStoreSaleState> _state;
    private readonly SettlementOptions _settlement;
    private readonly Outbox _outbox;

    public InStoreSaleGrain(
        [PersistentState("sale", StorageNames.GrainState)] IPersistentState<InStoreSaleState> state,
        IOptions<SettlementOptions> settlement,
        IOptions<OrderOptions> orders,
        IGrainFactory grainFactory,
        DeferredEffectsLog deferredEffects,
        ILogger<InStoreSaleGrain> logger)
    {
        _state = state;
        _settlement = settlement.Value;
        _outbox = new Outbox(this, grainFactory, () => state.State.Pending, state.WriteStateAsync, orders.Value.EffectRetryInterval, logger, deferredEffects);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _outbox.ResumeIfPending();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => _outbox.DeliverAsync();

    public async Task<InStoreSale> Record(InStoreSale sale)
    {
        sale.Validate().ThrowIfInvalid();
        if (_state.State.Sale is { } recorded)
        {
            if (recorded with { At = sale.At } != sale)
            {
                throw DomainException.Conflict(ErrorCodes.SaleConflict, $"Sale id '{sale.SaleId}' was already used for a different sale.");
            }

            await _outbox.DeliverAsync();
            return recorded;
        }

        var guide = await GrainFactory.GetGrain<IGuideGrain>(sale.GuideId).GetProfile()
            ?? throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Guide '{sale.GuideId}' does not exist.");
        if (guide.StoreId != sale.StoreId)
        {
            throw DomainException.Unprocessable(ErrorCodes.GuideNotInStore, $"Guide '{sale.GuideId}' works in store '{guide.StoreId}', not '{sale.StoreId}'.");
        }

        if (sale.MemberId is { } memberId && await GrainFactory.GetGrain<IMemberGrain>(memberId).GetProfile() is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownMember, $"Member '{memberId}' does not exist.");
        }

        // Guides, stores, members and PKs count each credit once by its id, and paid orders are credited under their
        // order ids: a till's sale numbered like an online order must count as a sale of its own, not as a repeat.
        var creditId = CreditId(sale.SaleId);
        var commission = (long)Math.Floor(sale.Amount * _settlement.CommissionRate);
        var effects = new List<Effect>
        {
            new CreditGuide(sale.GuideId, new SaleCredit(creditId, sale.Amount, commission, sale.MemberId, sale.StoreId, SaleChannel.InStore, sale.At)),
            new CreditStore(sale.StoreId, creditId, sale.Amount, sale.At),
        };
        if (sale.MemberId is { } member)
        {
            effects.Add(new CreditMember(member, new PurchaseRecord(creditId, sale.Amount, [], sale.StoreId, sale.At)));
        }

        await _outbox.ArmAsync();
        _state.State.Sale = sale;
        _state.State.Pending = effects;
        await _state.WriteStateAsync();
        await _outbox.DeliverAsync();
        return sale;
    }

    public Task<InStoreSale?> Get() => Task.FromResult(_state.State.Sale);

    /// <summary>
    /// The id an in-store sale is credited under: with a '/', which no order id has, so no order can be named to take
    /// its place. Sales recorded before 2026-12-02 were credited under the bare sale id; their pending effects keep it,
    /// so a retry still counts once.
    /// </summary>
    public static string CreditId(string saleId) => $"instore/{saleId}";
}
