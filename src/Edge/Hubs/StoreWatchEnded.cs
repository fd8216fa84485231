namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// A connection no longer watches the store: its user left the store's staff (a guide moved to another store, a
/// franchisee who sold it). The page reads who it is for again, and watches what that says.
/// </summary>
public sealed record StoreWatchEnded(string StoreId);
