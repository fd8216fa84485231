namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// The flash-sale holds of live rooms, one row per order: a buy stores its hold, and paying or releasing it changes that
/// row's status, so a write costs the same however many orders the room has taken (the room's state had carried every
/// hold, rewritten with each buy). A room derives what its sales have left from the holds when it is activated.
/// </summary>
public interface ISaleHoldStore
{
    /// <summary>
    /// Stores each hold as it is now: a new one whole, a known one's status. A hold that has left
    /// <see cref="HoldStatus.Held"/> keeps the status it left with. Each order at most once per call.
    /// </summary>
    Task WriteAsync(string roomId, IReadOnlyList<SaleHold> holds, CancellationToken cancellationToken = default);

    /// <summary>Every hold of the room.</summary>
    Task<IReadOnlyList<SaleHold>> ReadAsync(string roomId, CancellationToken cancellationToken = default);
}
