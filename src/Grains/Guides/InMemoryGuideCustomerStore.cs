using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// The customer lists of the embedded, in-memory mode. Like a database server it lives outside any one silo (per
/// process and cluster, as the stock ledger), so a guide finds its customers again after it moves or its silo restarts.
/// </summary>
public sealed class InMemoryGuideCustomerStore(IOptions<ClusterOptions> cluster) : IGuideCustomerStore
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DateTimeOffset>> Guides = new(StringComparer.Ordinal);

    private readonly string _prefix = $"{cluster.Value.ServiceId}/{cluster.Value.ClusterId}/";

    public Task WriteAsync(string guideId, IReadOnlyList<GuideCustomer> bound, IReadOnlyList<string> unbound, CancellationToken cancellationToken = default)
    {
        var customers = Guides.GetOrAdd(_prefix + guideId, _ => new(StringComparer.Ordinal));
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
        Task.FromResult<IReadOnlyList<GuideCustomer>>(Guides.TryGetValue(_prefix + guideId, out var customers)
            ? [.. customers.Select(c => new GuideCustomer(c.Key, c.Value))]
            : []);
}
