namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>
/// Which orders each member placed, one row per order, so a member's list costs a row per order rather than a state
/// that grows with every purchase. The rows hold only ids and times; each order's own grain holds the order.
/// </summary>
public interface IMemberOrderStore
{
    /// <summary>Stores that the member placed the order at <paramref name="placedAt"/>; an order already stored keeps its row.</summary>
    Task AddAsync(string memberId, string orderId, DateTimeOffset placedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="take"/> of the member's order ids, newest first (equal times by id, descending, ordinal),
    /// placed before the order <paramref name="before"/> (from the newest when null); null when the member has no
    /// order of that id.
    /// </summary>
    Task<IReadOnlyList<string>?> ReadAsync(string memberId, string? before, int take, CancellationToken cancellationToken = default);
}
