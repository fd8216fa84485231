namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>
/// Which orders each member placed, one row per order, so a member's list costs a row per order rather than a state
/// that grows with every purchase. The rows hold only ids, times and the live room an order was placed in (which never
/// changes, so it can be filtered on); each order's own grain holds the order.
/// </summary>
public interface IMemberOrderStore
{
    /// <summary>
    /// Stores that the member placed the order at <paramref name="placedAt"/>, in <paramref name="liveRoomId"/> when it
    /// is a room's; an order already stored keeps its row.
    /// </summary>
    Task AddAsync(string memberId, string orderId, DateTimeOffset placedAt, string? liveRoomId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="take"/> of the member's order ids, newest first (equal times by id, descending, ordinal),
    /// only those placed in <paramref name="liveRoomId"/> when it is given, placed before the order
    /// <paramref name="before"/> (any of the member's; from the newest when null); null when the member has no order of
    /// that id.
    /// </summary>
    Task<IReadOnlyList<string>?> ReadAsync(string memberId, string? liveRoomId, string? before, int take, CancellationToken cancellationToken = default);
}
