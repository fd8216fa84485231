using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Feeds;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Edge.Telemetry;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Edge.Scoreboards;

/// <summary>
/// This Edge's side of PK, leaderboard and stock fan-out: one observer receives each update once, serializes it once and
/// queues it for every local connection watching that PK, board or pool (bounded per connection; never through Redis).
/// PKs, boards and pools hear how many watch here (see <see cref="EdgeFeed{THub, TTopic}"/>).
/// </summary>
public sealed class ScoreboardFeeds : EdgeFeed<ScoreboardHub, ScoreboardFeeds.Topic>
{
    private readonly EdgeIdentity _identity;
    private readonly Lazy<IScoreboardObserver> _reference;

    // Orleans holds observers weakly: this field keeps ours alive as long as the Edge.
    private readonly Observer _observer;

    public ScoreboardFeeds(IGrainFactory grains, EdgeIdentity identity, IOptions<LiveEdgeOptions> options, EdgeMetrics metrics, ILogger<ScoreboardFeeds> logger)
        : base(options.Value.SendBufferBatches, options.Value.WatchesPerConnection, metrics.For("scoreboard"), logger)
    {
        _identity = identity;
        _observer = new Observer(this);
        _reference = new Lazy<IScoreboardObserver>(() => grains.CreateObjectReference<IScoreboardObserver>(_observer));
    }

    public string EdgeId => _identity.Id;

    public static string PkTopic(string pkId) => $"pk:{pkId}";

    public static string BoardTopic(string board, string scope) => $"board:{board}|{scope}";

    public static string StockTopic(string regionId, string sku) => $"stock:{PoolKey.For(sku, regionId)}";

    /// <summary>Counts a connection in; the first watcher here reports to the grain before answering, so no update is missed.</summary>
    public Task Watch(string connectionId, string topicName, Func<IScoreboardObserver, int, Task> report) =>
        Watch(connectionId, topicName, name => new Topic(name, report));

    protected override Task SendCount(Topic topic, int watchers) => topic.ReportTo(_reference.Value, watchers);

    private Task Deliver(string topicName, long seq, string method, object update)
    {
        if (Find(topicName) is not { } topic)
        {
            return Task.CompletedTask;
        }

        var message = new SerializedHubMessage(new InvocationMessage(method, [update]));
        lock (topic)
        {
            if (topic.Advance(seq))
            {
                foreach (var queue in topic.Watching.Values)
                {
                    queue.Enqueue(message);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A PK, a board and scope, or a pool, with its local watchers and how to tell its grain their count.</summary>
    public sealed class Topic(string name, Func<IScoreboardObserver, int, Task> reportTo) : WatchedTopic(name)
    {
        public Func<IScoreboardObserver, int, Task> ReportTo { get; } = reportTo;

        internal Dictionary<string, ConnectionQueue> Watching { get; } = new(StringComparer.Ordinal);

        public override int Watchers => Watching.Count;

        public override void AddWatcher(FeedConnection connection) => Watching[connection.Id] = connection.Queue;

        public override bool RemoveWatcher(string connectionId) => Watching.Remove(connectionId);
    }

    private sealed class Observer(ScoreboardFeeds feeds) : IScoreboardObserver
    {
        public Task PkUpdate(PkUpdate update) => feeds.Deliver(PkTopic(update.PkId), update.Seq, nameof(IScoreboardClient.PkUpdate), update);

        public Task LeaderboardUpdate(LeaderboardUpdate update) =>
            feeds.Deliver(BoardTopic(update.Board, update.Scope), update.Seq, nameof(IScoreboardClient.LeaderboardUpdate), update);

        public Task PkClosing(string pkId)
        {
            feeds.ReportAgain(PkTopic(pkId));
            return Task.CompletedTask;
        }

        public Task LeaderboardClosing(string board, string scope)
        {
            feeds.ReportAgain(BoardTopic(board, scope));
            return Task.CompletedTask;
        }

        public Task StockUpdate(StockUpdate update) =>
            feeds.Deliver(StockTopic(update.Inventory.RegionId, update.Inventory.Sku), update.Seq, nameof(IScoreboardClient.StockUpdate), update);

        public Task StockClosing(string regionId, string sku)
        {
            feeds.ReportAgain(StockTopic(regionId, sku));
            return Task.CompletedTask;
        }
    }
}
