using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>
/// A store's lines still waiting to be shipped or handed over, as storage has them, and the queue they make: one entry
/// per order (or reservation confirmed on its own), the oldest first. The queue is built once per change rather than
/// at each read: staff pages read it at every store alert, and the region's dashboard every few seconds.
/// </summary>
internal sealed class WaitingFulfilments
{
    private readonly Dictionary<string, FulfilmentLine> _lines = new(StringComparer.Ordinal);
    private ImmutableArray<StoreFulfilment>? _queue;

    public ImmutableArray<StoreFulfilment> Queue => _queue ??= [..
        _lines.Values
            .GroupBy(l => l.FulfilmentId)
            .Select(g => new StoreFulfilment(g.Key, g.First().OrderId, g.First().Mode, [.. g.OrderBy(l => l.Sku, StringComparer.Ordinal)], g.Min(l => l.ConfirmedAt)))
            .OrderBy(f => f.ConfirmedAt)
            .ThenBy(f => f.FulfilmentId, StringComparer.Ordinal)];

    public bool Contains(string lineId) => _lines.ContainsKey(lineId);

    public IEnumerable<FulfilmentLine> LinesOf(string fulfilmentId) => _lines.Values.Where(l => l.FulfilmentId == fulfilmentId);

    public void Add(FulfilmentLine line)
    {
        _lines[line.LineId] = line;
        _queue = null;
    }

    public void Remove(string lineId)
    {
        if (_lines.Remove(lineId))
        {
            _queue = null;
        }
    }
}
