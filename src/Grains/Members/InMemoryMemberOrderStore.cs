using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>Members' order lists in the embedded, in-memory mode (per process and cluster, as the other tables).</summary>
public sealed class InMemoryMemberOrderStore(IOptions<ClusterOptions> cluster) : IMemberOrderStore
{
    private readonly InMemoryTable<ConcurrentDictionary<string, Listing>> _members = new("member-order", cluster, () => new(StringComparer.Ordinal));

    public Task AddAsync(string memberId, string orderId, DateTimeOffset placedAt, string? liveRoomId, CancellationToken cancellationToken = default)
    {
        _members.Of(memberId).TryAdd(orderId, new Listing(placedAt, liveRoomId));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>?> ReadAsync(string memberId, string? liveRoomId, string? before, int take, CancellationToken cancellationToken = default)
    {
        var orders = _members.Find(memberId) ?? new ConcurrentDictionary<string, Listing>();
        var newestFirst = orders
            .OrderByDescending(o => o.Value.PlacedAt)
            .ThenByDescending(o => o.Key, StringComparer.Ordinal)
            .ToList();
        var from = 0;
        if (before is not null)
        {
            from = newestFirst.FindIndex(o => o.Key == before) + 1;
            if (from == 0)
            {
                return Task.FromResult<IReadOnlyList<string>?>(null);
            }
        }

        return Task.FromResult<IReadOnlyList<string>?>([.. newestFirst
            .Skip(from)
            .Where(o => liveRoomId is null || o.Value.LiveRoomId == liveRoomId)
            .Take(take)
            .Select(o => o.Key)]);
    }

    private sealed record Listing(DateTimeOffset PlacedAt, string? LiveRoomId);
}
