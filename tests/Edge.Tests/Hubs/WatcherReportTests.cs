using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PrivateDomain.Realtime.Edge.Feeds;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Edge.Telemetry;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>How an Edge tells grains its watcher counts when one grain's silo stops answering.</summary>
public sealed class WatcherReportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReportNeverAnswered_HoldsUpNoOtherTopic_AndItsTopicIsReportedAgainOnceTheCallEnds()
    {
        var feed = new CountingFeed();
        feed.Connected(Connection("viewer-1"));
        var topics = Enumerable.Range(0, 10).Select(i => $"topic-{i}").ToList();
        foreach (var topic in topics)
        {
            await feed.WatchAsync("viewer-1", topic);
        }

        // topic-3's grain is on a silo that died with the call in flight: Orleans would answer only after 30 s.
        var answer = new TaskCompletionSource();
        feed.Answers["topic-3"] = answer.Task;
        feed.SiloLeft();

        await feed.ReportWatchers(all: false).WaitAsync(TimeSpan.FromSeconds(15), Cancel);
        Assert.All(topics, topic => Assert.Equal(2, feed.Reports(topic)));

        // While that call is out, the next rounds leave its topic alone (so counts reach the grain in order).
        await feed.ReportWatchers(all: true).WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Equal(2, feed.Reports("topic-3"));
        Assert.All(topics.Where(t => t != "topic-3"), topic => Assert.Equal(3, feed.Reports(topic)));

        feed.Answers.TryRemove("topic-3", out _);
        answer.SetException(new TimeoutException("The silo never answered."));
        await Eventually.True(
            async () =>
            {
                await feed.ReportWatchers(all: false);
                return feed.Reports("topic-3") == 3;
            },
            TimeSpan.FromSeconds(5),
            Cancel);
    }

    [Fact]
    public async Task AReportStillOut_WhenASiloLeaves_NoLongerHoldsItsTopic_WhichIsReportedAgainAtOnce()
    {
        var (feed, answer, round) = await ARoomReportOutAsItsSiloDies();
        await round.WaitAsync(TimeSpan.FromSeconds(15), Cancel);
        await feed.ReportWatchers(all: true).WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Equal(2, feed.Reports("room-1"));

        // Past its 5 s limit the call holds the topic. The Edge sees the silo leave: the room, activated again
        // elsewhere, hears this Edge's viewers now, not in 30 s.
        feed.Answers.TryRemove("room-1", out _);
        feed.SiloLeft();
        await feed.ReportWatchers(all: false).WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Equal(3, feed.Reports("room-1"));
        await OldCallEnds_AndReportsStillGoOneAtATime(feed, answer);
    }

    [Fact]
    public async Task AReportOut_WhenASiloLeaves_IsNotWaitedFor_AndItsTopicIsReportedAgainAtOnce()
    {
        var (feed, answer, round) = await ARoomReportOutAsItsSiloDies();

        // A second later the Edge sees the silo leave: the round stops waiting (not after its 5 s limit) and the room,
        // activated again elsewhere, hears this Edge's viewers with the next one.
        feed.Answers.TryRemove("room-1", out _);
        feed.SiloLeft();
        await round.WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        await feed.ReportWatchers(all: false).WaitAsync(TimeSpan.FromSeconds(2), Cancel);
        Assert.Equal(3, feed.Reports("room-1"));
        await OldCallEnds_AndReportsStillGoOneAtATime(feed, answer);
    }

    /// <summary>A viewer in room-1, whose report goes out just as the room's silo is killed: Orleans would fail the call only after 30 s.</summary>
    private static async Task<(CountingFeed Feed, TaskCompletionSource Answer, Task Round)> ARoomReportOutAsItsSiloDies()
    {
        var feed = new CountingFeed();
        feed.Connected(Connection("viewer-1"));
        await feed.WatchAsync("viewer-1", "room-1");
        var answer = new TaskCompletionSource();
        feed.Answers["room-1"] = answer.Task;
        feed.SiloLeft();
        var round = feed.ReportWatchers(all: false);
        await Eventually.True(() => feed.Reports("room-1") == 2, cancellationToken: Cancel);
        return (feed, answer, round);
    }

    /// <summary>The given-up call finally fails: it gives back no turn of its own, so reports still go one at a time.</summary>
    private static async Task OldCallEnds_AndReportsStillGoOneAtATime(CountingFeed feed, TaskCompletionSource answer)
    {
        answer.SetException(new TimeoutException("The silo never answered."));
        await Task.Delay(100, Cancel);
        Assert.Equal(1, feed.Topic("room-1").Reporting.CurrentCount);
    }

    [Fact]
    public async Task WhileEveryReportFails_OneWarningSaysSo_NotOnePerTopicOrRound()
    {
        using var logs = new LogCollector();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var feed = new CountingFeed(factory.CreateLogger("feed"));
        feed.Connected(Connection("viewer-1"));
        for (var i = 0; i < 5; i++)
        {
            await feed.WatchAsync("viewer-1", $"topic-{i}");
            feed.Answers[$"topic-{i}"] = Task.FromException(new TimeoutException("The silo is down."));
        }

        for (var round = 0; round < 3; round++)
        {
            await feed.ReportWatchers(all: true).WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        }

        var warning = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Could not tell 5 watched topics how many of their watchers are on this Edge (the first: topic-", warning.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(warning.Exception);
    }

    [Fact]
    public async Task ASnapshotCallOut_WhenASiloLeaves_IsMadeAgain_AndAnswersFromTheGrainsNewActivation()
    {
        var feed = new CountingFeed();
        var sentToTheDyingSilo = new TaskCompletionSource<string>();
        var calls = 0;
        var asking = feed.AskAsync(() => ++calls == 1 ? sentToTheDyingSilo.Task : Task.FromResult("snapshot"));
        Assert.False(asking.IsCompleted);

        feed.SiloLeft();

        Assert.Equal("snapshot", await asking.WaitAsync(TimeSpan.FromSeconds(5), Cancel));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task ASnapshotCallThatFails_IsNotMadeAgain_WhenNoSiloLeft()
    {
        var feed = new CountingFeed();
        var calls = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => feed.AskAsync<string>(() =>
        {
            calls++;
            return Task.FromException<string>(new TimeoutException("The grain did not answer."));
        }));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task AWatch_WhoseConnectionClosesWhileItIsAdded_IsRefused_AndLeavesNoWatcherBehind()
    {
        var feed = new CountingFeed();
        feed.Connected(Connection("viewer-1"));

        // A hub call and its connection's close run on different threads: here the close lands after the watch found
        // the connection and before it joined the topic (inside the topic's creation), when the close sees nothing to undo.
        var refused = await Assert.ThrowsAsync<HubException>(() => feed.WatchAsync("viewer-1", "room-1", whileAdding: () => feed.Disconnected("viewer-1")));

        Assert.Equal("The connection is closing.", refused.Message);
        Assert.Equal(0, feed.Topic("room-1").Watchers);
        await feed.ReportWatchers(all: false).WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Null(feed.FindTopic("room-1"));
    }

    private static HubConnectionContext Connection(string id)
    {
        var toClient = new Pipe();
        var fromClient = new Pipe();
        return new HubConnectionContext(
            new DefaultConnectionContext(id, new DuplexPipe(fromClient.Reader, toClient.Writer), new DuplexPipe(toClient.Reader, fromClient.Writer)),
            new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(1), ClientTimeoutInterval = TimeSpan.FromMinutes(1) },
            NullLoggerFactory.Instance) { Protocol = new JsonHubProtocol() };
    }

    /// <summary>A feed whose grains are stand-ins: each report is counted and answered at once, or by the task set for its topic.</summary>
    private sealed class CountingFeed(ILogger? logger = null)
        : EdgeFeed<LiveHub, ScoreboardFeeds.Topic>(8, 100, new EdgeMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()).For("test"), logger ?? NullLogger.Instance)
    {
        private readonly ConcurrentDictionary<string, int> _reports = new();

        public ConcurrentDictionary<string, Task> Answers { get; } = new();

        public int Reports(string topic) => _reports.GetValueOrDefault(topic);

        public ScoreboardFeeds.Topic Topic(string name) => Find(name)!;

        public Task<T> AskAsync<T>(Func<Task<T>> call) => AgainIfASiloLeaves(call);

        public ScoreboardFeeds.Topic? FindTopic(string name) => Find(name);

        public Task WatchAsync(string connectionId, string topic, Action? whileAdding = null) => Watch(connectionId, topic, name =>
        {
            whileAdding?.Invoke();
            return new ScoreboardFeeds.Topic(name, (_, _) => Task.CompletedTask);
        });

        protected override Task SendCount(ScoreboardFeeds.Topic topic, int watchers)
        {
            _reports.AddOrUpdate(topic.Name, 1, (_, n) => n + 1);
            return Answers.GetValueOrDefault(topic.Name) ?? Task.CompletedTask;
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
