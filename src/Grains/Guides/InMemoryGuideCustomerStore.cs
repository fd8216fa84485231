using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// The customer lists of the embedded, in-memory mode. Like a database server it lives outside any one silo (per
/// process and cluster, as the stock ledger), so a guide finds its customers again after it moves or its silo restarts.
/// </summary>
public sealed class InMemoryGuideCustomerStore(IOptions<ClusterOptions> cluster) : IGuideCustomerStore
{
    private readonly InMemoryTable<ConcurrentDictionary<string, DateTimeOffset>> _guides = new("guide-customer", cluster, () => new(StringComparer.Ordinal));

    public Task WriteAsync(string guideId, IReadOnlyList<GuideCustomer> bound, IReadOnlyList<string> unbound, CancellationToken cancellationToken = default)
    {
        var customers = _guides.Of(guideId);
        foreach (var customer in bound)
        {
            customers[customer.MemberId] = customer.BoundAt;
        }

        foreach (var memberId in unbound)
        {
            customers.TryRemove(memberId, out _);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<GuideCustomer>> ReadAsync(string guideId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<GuideCustomer>>(_guides.Find(guideId) is { } customers
            ? [.. customers.Select(c => new GuideCustomer(c.Key, c.Value))]
            : []);
}
