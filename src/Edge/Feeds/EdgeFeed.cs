using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Telemetry;
using PrivateDomain.Realtime.Grains.Telemetry;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Feeds;

/// <summary>
/// This Edge's side of a fan-out hub, shared by live rooms and scoreboards: its connections (each with a bounded send
/// queue) and the topics they watch. Grains send each update once to the Edge, which hands it to the topic's local
/// connections. Each topic's grain hears how many connections watch it here: at once on the first watch (before the
/// watcher is answered, so no update is missed), then on change (coalesced) and periodically, so grains can forget
/// Edges that died. A topic nobody watches any more is reported as zero and dropped.
/// </summary>
public abstract class EdgeFeed<THub, TTopic>(int sendBuffer, int watchesPerConnection, EdgeMetrics.HubMessages metrics, ILogger logger) : IHubConnectionFeed<THub>
    where THub : Hub
    where TTopic : WatchedTopic
{
    private readonly ConcurrentDictionary<string, FeedConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TTopic> _topics = new(StringComparer.Ordinal);

    /// <summary>How long a count report may take before the round goes on without it (a grain call answers in milliseconds).</summary>
    internal static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);

    private const int ReportsAtOnce = 16;

    private readonly Lock _reportFailures = new();
    private readonly LogThrottle _failureLog = new(TimeSpan.FromSeconds(10));

    /// <summary>Cancelled, and replaced, when a silo leaves: reports and snapshot calls out at that moment stop being waited for.</summary>
    private CancellationTokenSource _siloLost = new();

    private CancellationToken SiloLost => Volatile.Read(ref _siloLost).Token;

    protected ILogger Logger => logger;

    public void Connected(HubConnectionContext connection) =>
        _connections[connection.ConnectionId] = new FeedConnection(new ConnectionQueue(connection, sendBuffer, metrics));

    public void Disconnected(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var connection))
        {
            foreach (var topic in connection.Topics())
            {
                Unwatch(connectionId, topic);
            }

            connection.Queue.Complete();
        }
    }

    public void Unwatch(string connectionId, string topicName)
    {
        _connections.GetValueOrDefault(connectionId)?.Remove(topicName);
        if (_topics.TryGetValue(topicName, out var topic))
        {
            lock (topic)
            {
                topic.Dirty |= topic.RemoveWatcher(connectionId);
            }
        }
    }

    public bool IsWatching(string connectionId, string topicName) =>
        _connections.GetValueOrDefault(connectionId)?.Contains(topicName) == true;

    /// <summary>
    /// Tells the grains whose watchers changed here (or, with <paramref name="all"/>, every watched one) the current
    /// count — several at a time, so thousands of topics re-reported after a silo left are not a call's round trip
    /// each in turn. A topic whose last report is still out is left for the next round (it stays due).
    /// </summary>
    public async Task ReportWatchers(bool all)
    {
        var failed = 0;
        (string Topic, Exception Error)? firstFailure = null;
        var due = _topics.Values.Where(topic =>
        {
            lock (topic)
            {
                return topic.Dirty || (all && topic.Watchers > 0);
            }
        });
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = ReportsAtOnce }, async (topic, _) =>
        {
            try
            {
                await Report(topic, waitForTurn: false);
            }
            catch (DomainException)
            {
                // The grain does not know the topic (a watch of an unknown id): nobody is left here; forget it.
                Forget(topic);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                lock (_reportFailures)
                {
                    failed++;
                    firstFailure ??= (topic.Name, ex);
                }
            }
        });

        // While a silo is down every report to its grains fails, and each is retried every report interval: one
        // warning per 10 s says so, rather than one per topic four times a second.
        if (firstFailure is { } failure && _failureLog.TryLog(out _))
        {
            Log.WatcherReportsFailed(logger, failed, failure.Topic, failure.Error);
        }
    }

    /// <summary>
    /// Adds a connection to a topic and makes sure the topic's grain knows this Edge watches it before returning.
    /// If that fails, the connection is taken out again and the error goes to the caller.
    /// </summary>
    protected async Task<TTopic> Watch(string connectionId, string topicName, Func<string, TTopic> create)
    {
        var connection = _connections.GetValueOrDefault(connectionId) ?? throw new HubException("The connection is closing.");

        // Each topic costs this Edge memory and its grain a watcher, and is re-reported on every refresh: without a cap
        // one client could watch every team scope there is, one call at a time.
        if (!connection.TryAdd(topicName, watchesPerConnection))
        {
            throw new HubException($"{EdgeErrorCodes.TooManyWatches}: a connection watches at most {watchesPerConnection} rooms, boards or PKs at once; leave one first.");
        }

        var topic = Add(topicName, connection, create);

        // A disconnect on another thread between the look-up above and Add found the connection not yet in the topic,
        // so left it there: the topic would count it, and be sent to, for as long as this Edge runs.
        if (!_connections.TryGetValue(connectionId, out var current) || !ReferenceEquals(current, connection))
        {
            Unwatch(connectionId, topicName);
            throw new HubException("The connection is closing.");
        }

        try
        {
            if (topic.ReportedWatchers == 0)
            {
                await Report(topic, waitForTurn: true);
            }

            return topic;
        }
        catch
        {
            Unwatch(connectionId, topicName);
            throw;
        }
    }

    protected TTopic? Find(string topicName) => _topics.GetValueOrDefault(topicName);

    /// <summary>
    /// A silo left the cluster: every topic watched here is reported again with the next report (≤ the report
    /// interval), so the grains that were on it, activated again elsewhere, learn of this Edge's watchers. Calls still
    /// out were most likely sent to that silo as it died, and Orleans would fail them only after its 30 s response
    /// timeout: a report's topic no longer waits for it, and a snapshot is asked again (<see cref="AgainIfASiloLeaves"/>)
    /// — the grain's viewers would hear nothing meanwhile. (Should such a report still arrive, its count is one report
    /// old until the next, on a change or within the refresh.)
    /// </summary>
    public void SiloLeft()
    {
        // Not disposed: reports still out hold its token (it has no timer to release).
        Interlocked.Exchange(ref _siloLost, new CancellationTokenSource()).Cancel();
        foreach (var topic in _topics.Values)
        {
            ReportAgain(topic);
        }
    }

    /// <summary>The topic's grain is leaving memory: its watchers here are reported again with the next report (≤ the report interval).</summary>
    protected void ReportAgain(string topicName)
    {
        if (Find(topicName) is { } topic)
        {
            ReportAgain(topic);
        }
    }

    private static void ReportAgain(TTopic topic)
    {
        lock (topic)
        {
            topic.Dirty |= topic.Watchers > 0;
        }
    }

    /// <summary>Tells the topic's grain this Edge's count of watchers.</summary>
    protected abstract Task SendCount(TTopic topic, int watchers);

    /// <summary>
    /// Makes a call to a topic's grain, and makes it again if a silo is seen to leave while it is out: it was most
    /// likely sent to that silo, and Orleans would fail it only at its 30 s response timeout, while the caller (a
    /// viewer or watcher waiting for its snapshot) hears nothing. The call made again reaches the grain where it is
    /// activated anew.
    /// </summary>
    public async Task<T> AgainIfASiloLeaves<T>(Func<Task<T>> call)
    {
        while (true)
        {
            var siloLost = SiloLost;
            var calling = call();
            try
            {
                return await calling.WaitAsync(siloLost);
            }
            catch (OperationCanceledException) when (siloLost.IsCancellationRequested && !calling.IsCompleted)
            {
                calling.Ignore();
            }
        }
    }

    private TTopic Add(string topicName, FeedConnection connection, Func<string, TTopic> create)
    {
        while (true)
        {
            var topic = _topics.GetOrAdd(topicName, create);
            lock (topic)
            {
                if (!topic.Removed)
                {
                    topic.AddWatcher(connection);
                    topic.Dirty = true;
                    return topic;
                }
            }
        }
    }

    /// <summary>
    /// Sends the topic's count to its grain, one report per topic at a time, so the grain hears them in order. With
    /// <paramref name="waitForTurn"/> false a topic whose last report is still out is skipped (it stays due).
    /// </summary>
    private async Task Report(TTopic topic, bool waitForTurn)
    {
        if (waitForTurn)
        {
            await topic.Reporting.WaitAsync();
        }
        else if (!topic.Reporting.Wait(0))
        {
            return;
        }

        var turnHeldByCall = false;
        try
        {
            int watchers;
            lock (topic)
            {
                watchers = topic.Watchers;
                topic.Dirty = false;
            }

            var siloLost = SiloLost;
            var sending = SendCount(topic, watchers);
            try
            {
                await sending.WaitAsync(ReportTimeout, siloLost);
            }
            catch
            {
                lock (topic)
                {
                    topic.Dirty = true;
                }

                if (!sending.IsCompleted)
                {
                    sending.Ignore();
                    if (siloLost.IsCancellationRequested)
                    {
                        // A silo left while the call was out: it was most likely sent to that silo, and would only fail
                        // at Orleans's 30 s response timeout. The turn goes back now, as for a call that failed.
                        throw new TimeoutException($"A silo left the cluster while the count of '{topic.Name}' was being reported; it is reported again.");
                    }

                    // Not answered in time: the grain's silo may be dying, and Orleans fails a call sent to it only
                    // after its 30 s response timeout — every other topic would wait that long. The round goes on;
                    // this topic's next report waits until the call has ended or a silo is seen to leave (the call
                    // most likely went to it), so counts still arrive in order.
                    turnHeldByCall = true;
                    HoldTurnUntil(sending, siloLost, topic.Reporting);
                }

                throw;
            }

            lock (topic)
            {
                topic.ReportedWatchers = watchers;
            }

            if (watchers == 0)
            {
                Forget(topic);
            }
        }
        finally
        {
            if (!turnHeldByCall)
            {
                topic.Reporting.Release();
            }
        }
    }

    /// <summary>
    /// Gives the turn back once: when the call ends, or when a silo is seen to leave — then synchronously, inside
    /// <see cref="SiloLeft"/>, so the next round reports the topic (and at once if a silo already left).
    /// </summary>
    private static void HoldTurnUntil(Task call, CancellationToken siloLost, SemaphoreSlim turn)
    {
        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                turn.Release();
            }
        }

        var onSiloLost = siloLost.Register(Release);
        call.ContinueWith(_ => { onSiloLost.Dispose(); Release(); }, TaskScheduler.Default).Ignore();
    }

    /// <summary>Drops a topic nobody here watches any more (its grain already heard zero, or does not know it).</summary>
    private void Forget(TTopic topic)
    {
        lock (topic)
        {
            if (topic.Watchers == 0)
            {
                topic.Removed = true;
                topic.Dirty = false;
                _topics.TryRemove(topic.Name, out _);
            }
        }
    }
}
