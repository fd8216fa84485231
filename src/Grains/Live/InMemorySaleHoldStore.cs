using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// The sale holds of the embedded, in-memory mode. Like a database server it lives outside any one silo (per process
/// and cluster, as the stock ledger), so a room finds its holds again after it moves or its silo restarts.
/// </summary>
public sealed class InMemorySaleHoldStore(IOptions<ClusterOptions> cluster) : ISaleHoldStore
{
    private readonly InMemoryTable<ConcurrentDictionary<string, SaleHold>> _rooms = new("sale-hold", cluster, () => new(StringComparer.Ordinal));

    public Task WriteAsync(string roomId, IReadOnlyList<SaleHold> holds, CancellationToken cancellationToken = default)
    {
        var stored = _rooms.Of(roomId);
        foreach (var hold in holds)
        {
            stored.AddOrUpdate(hold.OrderId, hold, (_, known) => known.Status == HoldStatus.Held ? known with { Status = hold.Status } : known);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SaleHold>> ReadAsync(string roomId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SaleHold>>(_rooms.Find(roomId) is { } stored ? [.. stored.Values] : []);
}
