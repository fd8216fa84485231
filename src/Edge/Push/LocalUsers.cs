namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>
/// The users connected to this Edge's notifications hub and their connections, so a push can reach them without the
/// Redis backplane (which delivers every user-targeted message through Redis, even to a user on the same Edge).
/// One lock, not nested concurrent dictionaries: a user's last connection closing drops the user's set, and a
/// connection of that user opening at the same moment must not be added to the set being dropped. Opens and closes
/// are a few thousand a second at most, each holding the lock for a dictionary operation.
/// </summary>
public sealed class LocalUsers
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _connections = new(StringComparer.Ordinal);

    public void Connected(string userId, string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(userId, out var connections))
            {
                _connections[userId] = connections = new HashSet<string>(StringComparer.Ordinal);
            }

            connections.Add(connectionId);
        }
    }

    public void Disconnected(string userId, string connectionId)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(userId, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
            {
                _connections.Remove(userId);
            }
        }
    }

    public IReadOnlyList<string> ConnectionsOf(string userId)
    {
        lock (_lock)
        {
            return _connections.TryGetValue(userId, out var connections) ? [.. connections] : [];
        }
    }
}
