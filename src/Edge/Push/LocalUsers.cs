using System.Collections.Concurrent;

namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>
/// The users connected to this Edge's notifications hub and their connections, so a push can reach them without the
/// Redis backplane (which delivers every user-targeted message through Redis, even to a user on the same Edge).
/// </summary>
public sealed class LocalUsers
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _connections = new(StringComparer.Ordinal);

    public void Connected(string userId, string connectionId) =>
        _connections.GetOrAdd(userId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[connectionId] = 0;

    public void Disconnected(string userId, string connectionId)
    {
        if (_connections.TryGetValue(userId, out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
        {
            // Only removed while still empty: a connection added meanwhile keeps the entry.
            _connections.TryRemove(KeyValuePair.Create(userId, connections));
        }
    }

    public IReadOnlyList<string> ConnectionsOf(string userId) =>
        _connections.TryGetValue(userId, out var connections) ? [.. connections.Keys] : [];
}
