using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace PrivateDomain.Realtime.Grains.Persistence;

/// <summary>
/// One table of the embedded, in-memory mode: each owner's rows (a pool's ledger, a room's holds, a guide's customers…).
/// Like a database server it lives outside any one silo — the rows belong to the process, kept apart by table, service
/// and cluster — so a grain finds its rows again after it moves between silos or its silo restarts.
/// </summary>
internal sealed class InMemoryTable<TRows>(string name, IOptions<ClusterOptions> cluster, Func<TRows> empty) where TRows : class
{
    private static readonly ConcurrentDictionary<string, TRows> Owners = new(StringComparer.Ordinal);

    private readonly string _prefix = $"{name}/{cluster.Value.ServiceId}/{cluster.Value.ClusterId}/";

    /// <summary>The owner's rows, made empty on first use (for writes).</summary>
    public TRows Of(string ownerId) => Owners.GetOrAdd(_prefix + ownerId, static (_, empty) => empty(), empty);

    /// <summary>The owner's rows, or null if it never wrote any (for reads, which create nothing).</summary>
    public TRows? Find(string ownerId) => Owners.TryGetValue(_prefix + ownerId, out var rows) ? rows : null;
}
