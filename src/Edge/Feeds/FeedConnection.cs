using PrivateDomain.Realtime.Edge.Hubs;

namespace PrivateDomain.Realtime.Edge.Feeds;

/// <summary>A connection of a fan-out hub: its bounded send queue and the topics it watches (the set guarded by itself).</summary>
public sealed class FeedConnection(ConnectionQueue queue)
{
    private readonly HashSet<string> _topics = new(StringComparer.Ordinal);

    public ConnectionQueue Queue { get; } = queue;

    public string Id => Queue.ConnectionId;

    /// <summary>Adds the topic unless the connection already watches <paramref name="max"/> others; false then.</summary>
    public bool TryAdd(string topic, int max)
    {
        lock (_topics)
        {
            return _topics.Contains(topic) || (_topics.Count < max && _topics.Add(topic));
        }
    }

    public void Remove(string topic)
    {
        lock (_topics)
        {
            _topics.Remove(topic);
        }
    }

    public bool Contains(string topic)
    {
        lock (_topics)
        {
            return _topics.Contains(topic);
        }
    }

    public string[] Topics()
    {
        lock (_topics)
        {
            return [.. _topics];
        }
    }
}
