using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>Members' order lists in the embedded, in-memory mode (per process and cluster, as the other tables).</summary>
public sealed class InMemoryMemberOrderStore(IOptions<ClusterOptions> cluster) : IMemberOrderStore
{
    private readonly InMemoryTable<ConcurrentDictionary<string, DateTimeOffset>> _members = new("member-order", cluster, () => new(StringComparer.Ordinal));

    public Task AddAsync(string memberId, string orderId, DateTimeOffset placedAt, CancellationToken cancellationToken = default)
    {
        _members.Of(memberId).TryAdd(orderId, placedAt);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>?> ReadAsync(string memberId, string? before, int take, CancellationToken cancellationToken = default)
    {
        var orders = _members.Find(memberId) ?? new ConcurrentDictionary<string, DateTimeOffset>();
        var newestFirst = orders.OrderByDescending(o => o.Value).ThenByDescending(o => o.Key, StringComparer.Ordinal).Select(o => o.Key).ToList();
        var from = 0;
        if (before is not null)
        {
            from = newestFirst.IndexOf(before) + 1;
            if (from == 0)
            {
                return Task.FromResult<IReadOnlyList<string>?>(null);
            }
        }

        return Task.FromResult<IReadOnlyList<string>?>([.. newestFirst.Skip(from).Take(take)]);
    }
}
