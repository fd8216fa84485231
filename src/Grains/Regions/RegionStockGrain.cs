using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Regions;

/// <summary>
/// Available quantity per SKU across a region, as the pools last reported it. Reports arrive as fast as stock
/// moves, so they change memory at once and reach storage in one write per flush interval.
/// </summary>
[Reentrant]
public sealed class RegionStockGrain(
    [PersistentState("region-stock", StorageNames.GrainState)] IPersistentState<RegionStockState> state)
    : Grain, IRegionStockGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    private Dictionary<string, SkuAvailability> _bySku = [];
    private ImmutableDictionary<string, long>? _view;
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _bySku = new Dictionary<string, SkuAvailability>(state.State.BySku);
        this.RegisterGrainTimer(Flush, FlushInterval, FlushInterval);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush(cancellationToken);

    public Task Report(string sku, long available, long version)
    {
        if (!_bySku.TryGetValue(sku, out var known) || known.Version < version)
        {
            _bySku[sku] = new SkuAvailability(available, version);
            _view = null;
            _dirty = true;
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableDictionary<string, long>> GetAvailability() =>
        Task.FromResult(_view ??= _bySku.ToImmutableDictionary(e => e.Key, e => e.Value.Available));

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
