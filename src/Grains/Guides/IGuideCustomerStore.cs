using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// Guides' customer lists, one row per member: binding a member stores a row, a reassignment away deletes it, so a
/// write costs the same however many customers the guide has (the list had been one grain state, rewritten whole with
/// every new customer — and a guide's new customers are a leaderboard, so a host gains them in bursts).
/// </summary>
public interface IGuideCustomerStore
{
    /// <summary>Stores the customers bound (as given, replacing an earlier binding time) and deletes those unbound; each member at most once per call.</summary>
    Task WriteAsync(string guideId, IReadOnlyList<GuideCustomer> bound, IReadOnlyList<string> unbound, CancellationToken cancellationToken = default);

    /// <summary>The guide's customers.</summary>
    Task<IReadOnlyList<GuideCustomer>> ReadAsync(string guideId, CancellationToken cancellationToken = default);
}
