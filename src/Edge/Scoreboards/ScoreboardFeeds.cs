using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Edge.Scoreboards;

/// <summary>
/// This Edge's side of PK and leaderboard fan-out: one observer receives each update once, serializes it once and
/// queues it for every local connection watching that PK or board (bounded per connection; never through Redis). It
/// tells each PK and board how many watchers it has here, at once on the first watch, then on change and periodically.
/// </summary>
public sealed class ScoreboardFeeds
{
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionQueue> _queues = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly EdgeIdentity _identity;
    private readonly LiveEdgeOptions _options;
    private readonly ILogger<ScoreboardFeeds> _logger;
    private readonly Lazy<IScoreboardObserver> _reference;

    // Orleans holds observers weakly: this field keeps ours alive as long as the Edge.
    private readonly Observer _observer;

    public ScoreboardFeeds(IGrainFactory grains, EdgeIdentity identity, IOptions<LiveEdgeOptions> options, ILogger<ScoreboardFeeds> logger)
    {
        _grains = grains;
        _identity = identity;
        _options = options.Value;
        _logger = logger;
        _observer = new Observer(this);
        _reference = new Lazy<IScoreboardObserver>(() => grains.CreateObjectReference<IScoreboardObserver>(_observer));
    }

    public static string PkTopic(string pkId) => $"pk:{pkId}";

    public static string BoardTopic(string board, string scope) => $"board:{board}|{scope}";

    /// <summary>Counts a connection in; the first watcher here reports to the grain before answering, so no update is missed.</summary>
    public async Task Watch(string connectionId, string topicName, Func<IScoreboardObserver, int, Task> report)
    {
        _connections.GetOrAdd(connectionId, _ => []);
        lock (_connections[connectionId])
        {
            _connections[connectionId].Add(topicName);
        }

        var topic = _topics.GetOrAdd(topicName, name => new Topic(name, report));
        bool first;
        lock (topic)
        {
            first = topic.Connections.Add(connectionId) && topic.Connections.Count == 1;
            topic.Dirty = true;
        }

        if (first)
        {
            await Report(topic);
        }
    }

    public void Unwatch(string connectionId, string topicName)
    {
        if (_connections.TryGetValue(connectionId, out var topics))
        {
            lock (topics)
            {
                topics.Remove(topicName);
            }
        }

        if (_topics.TryGetValue(topicName, out var topic))
        {
            lock (topic)
            {
                topic.Dirty |= topic.Connections.Remove(connectionId);
            }
        }
    }

    public void Connected(HubConnectionContext connection) =>
        _queues[connection.ConnectionId] = new ConnectionQueue(connection, _options.SendBufferBatches);

    public void Disconnected(string connectionId)
    {
        if (_queues.TryRemove(connectionId, out var queue))
        {
            queue.Complete();
        }

        if (_connections.TryRemove(connectionId, out var topics))
        {
            foreach (var topic in topics.ToList())
            {
                Unwatch(connectionId, topic);
            }
        }
    }

    /// <summary>Reports changed counts (or, with <paramref name="all"/>, every topic with watchers) to the PKs and boards.</summary>
    public async Task ReportWatchers(bool all)
    {
        foreach (var topic in _topics.Values)
        {
            bool due;
            lock (topic)
            {
                due = topic.Dirty || (all && topic.Connections.Count > 0);
            }

            if (due)
            {
                try
                {
                    await Report(topic);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.WatcherReportFailed(_logger, topic.Name, ex);
                }
            }
        }
    }

    private async Task Report(Topic topic)
    {
        await topic.Reporting.WaitAsync();
        try
        {
            int watchers;
            lock (topic)
            {
                watchers = topic.Connections.Count;
                topic.Dirty = false;
            }

            await topic.ReportTo(_reference.Value, watchers);
            if (watchers == 0)
            {
                lock (topic)
                {
                    if (topic.Connections.Count == 0)
                    {
                        _topics.TryRemove(topic.Name, out _);
                    }
                }
            }
        }
        finally
        {
            topic.Reporting.Release();
        }
    }

    private Task Deliver(string topicName, long seq, string method, object update)
    {
        if (!_topics.TryGetValue(topicName, out var topic))
        {
            return Task.CompletedTask;
        }

        var message = new SerializedHubMessage(new InvocationMessage(method, [update]));
        lock (topic)
        {
            if (seq <= topic.LastSeq)
            {
                return Task.CompletedTask;
            }

            topic.LastSeq = seq;
            foreach (var connectionId in topic.Connections)
            {
                _queues.GetValueOrDefault(connectionId)?.Enqueue(message);
            }
        }

        return Task.CompletedTask;
    }

    private sealed class Topic(string name, Func<IScoreboardObserver, int, Task> reportTo)
    {
        public string Name { get; } = name;

        public Func<IScoreboardObserver, int, Task> ReportTo { get; } = reportTo;

        public SemaphoreSlim Reporting { get; } = new(1, 1);

        public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);

        public bool Dirty { get; set; }

        public long LastSeq { get; set; } = long.MinValue;
    }

    private sealed class Observer(ScoreboardFeeds feeds) : IScoreboardObserver
    {
        public Task PkUpdate(PkUpdate update) => feeds.Deliver(PkTopic(update.PkId), update.Seq, nameof(IScoreboardClient.PkUpdate), update);

        public Task LeaderboardUpdate(LeaderboardUpdate update) =>
            feeds.Deliver(BoardTopic(update.Board, update.Scope), update.Seq, nameof(IScoreboardClient.LeaderboardUpdate), update);
    }

    internal string EdgeId => _identity.Id;
}
