using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Fanout;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// The Edges watching one pool's counts (operations' stock screens, members' open products) and what they are sent: the
/// whole view, at most once per <see cref="InventoryOptions.StockPushInterval"/> while the books move, numbered so a
/// client can tell an older one. A change costs a reservation one check while nobody watches, and little more while someone does: the
/// view is built once per push, not per change.
/// </summary>
internal sealed class StockWatchers
{
    private readonly EdgeWatchers<IScoreboardObserver> _edges;
    private readonly PacedPush _push;
    private readonly InventoryOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<InventoryView> _view;
    private readonly Func<long> _ledgerSeq;

    /// <summary>The ledger's line the last push showed the books after: a sweep that moved nothing pushes nothing.</summary>
    private long _pushedThrough = -1;

    public StockWatchers(IGrainBase pool, string poolId, InventoryOptions options, TimeProvider time, ILogger logger, Func<InventoryView> view, Func<long> ledgerSeq)
    {
        _options = options;
        _time = time;
        _view = view;
        _ledgerSeq = ledgerSeq;
        _edges = new EdgeWatchers<IScoreboardObserver>(logger, () => $"pool {poolId}");
        _push = new PacedPush(pool, options.StockPushInterval, flushInterval: TimeSpan.Zero, Push);
        Seq = UpdateNumbers.AfterActivation(time);
    }

    /// <summary>The number of the last push (the activation's clock until the first).</summary>
    public long Seq { get; private set; }

    public void Report(string edgeId, IScoreboardObserver edge, int watchers) => _edges.Report(edgeId, edge, watchers, _time.GetUtcNow());

    /// <summary>The books may have moved: pushed now, or when the interval since the last push has passed.</summary>
    public void Changed()
    {
        if (_edges.Any && !_push.Waiting && _ledgerSeq() != _pushedThrough)
        {
            _push.Soon();
        }
    }

    /// <summary>Drops Edges that fell silent (died, or lost their watchers without saying so).</summary>
    public void ForgetSilent() => _edges.Forget(_time.GetUtcNow() - _options.EdgeSilence);

    /// <summary>The pool leaves memory: its watching Edges report again, to the next activation.</summary>
    public void Closing(string regionId, string sku) => _edges.Send(edge => edge.StockClosing(regionId, sku));

    private void Push()
    {
        if (!_edges.Any)
        {
            return;
        }

        _pushedThrough = _ledgerSeq();
        var update = new StockUpdate(++Seq, _view());
        _edges.Send(edge => edge.StockUpdate(update));
    }
}
