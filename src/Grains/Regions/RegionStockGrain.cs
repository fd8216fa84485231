using System.Collections.Immutable;
using Orleans.Concurrency;
using Orleans.Streams;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Inventory;

namespace PrivateDomain.Realtime.Grains.Regions;

/// <summary>
/// Available quantity per SKU across a region, as the pools last published it on the region's
/// <see cref="AvailabilityStream"/> (implicitly subscribed: an event activates this grain when it is not). Events
/// arrive as fast as stock moves, so they change memory at once and reach storage in one write per flush interval.
/// </summary>
[Reentrant]
[ImplicitStreamSubscription(AvailabilityStream.Namespace)]
public sealed class RegionStockGrain(
    [PersistentState("region-stock", StorageNames.GrainState)] IPersistentState<RegionStockState> state)
    : Grain, IRegionStockGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    private Dictionary<string, SkuAvailability> _bySku = [];
    private ImmutableDictionary<string, long>? _view;
    private bool _dirty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _bySku = new Dictionary<string, SkuAvailability>(state.State.BySku);
        this.RegisterGrainTimer(Flush, FlushInterval, FlushInterval);
        await AvailabilityStream.Of(this, this.GetPrimaryKeyString()).SubscribeAsync(OnAvailability);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush(cancellationToken);

    private Task OnAvailability(StockAvailability published, StreamSequenceToken? token)
    {
        if (!_bySku.TryGetValue(published.Sku, out var known) || known.Version < published.Version)
        {
            _bySku[published.Sku] = new SkuAvailability(published.Available, published.Version);
            _view = null;
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableDictionary<string, long>> GetAvailability() =>
        Task.FromResult(_view ??= _bySku.ToImmutableDictionary(e => e.Key, e => e.Value.Available));

    public Task<long?> GetAvailable(string sku) => Task.FromResult(_bySku.TryGetValue(sku, out var figure) ? figure.Available : (long?)null);

    private async Task Flush(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        // Write a copy: reports keep changing the live dictionary while the write is in flight.
        _dirty = false;
        state.State = new RegionStockState { BySku = new Dictionary<string, SkuAvailability>(_bySku) };
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // Tried again at the next flush, not only after the next report (a quiet SKU may not report for hours).
            _dirty = true;
            throw;
        }
    }
}
