using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.LoadTests.Harness;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// Viewers in live rooms over real SignalR connections (MessagePack), commenting within the rooms' rate limits, on
/// the Edge (room grains batching per tick, one batch per Edge) and on a plain SignalR hub broadcasting each comment
/// to the room's group. Each comment carries the generator's timestamp, so every delivery to every viewer is a
/// latency sample; a comment a viewer never receives is lost.
/// </summary>
public sealed class LiveRoomsScenario : IScenario
{
    public string Name => "live-rooms";

    public string Description => "comment-to-viewer latency and delivered messages per CPU-second, Edge vs plain SignalR";

    public bool CanTarget => false;

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        LiveCase[] cases = options.Quick
            ? [new("one-room", Rooms: 1, ViewersPerRoom: 50, CommentersPerRoom: 10), new("many-rooms", Rooms: 20, ViewersPerRoom: 4, CommentersPerRoom: 4)]
            : [new("one-room", Rooms: 1, ViewersPerRoom: 2_000, CommentersPerRoom: 100), new("many-rooms", Rooms: 500, ViewersPerRoom: 8, CommentersPerRoom: 8)];
        Console.WriteLine(Report.Header);
        foreach (var liveCase in cases.Where(c => options.Runs(c.Name)))
        {
            var perCpuSecond = new Dictionary<string, double>();
            if (options.Measures("edge"))
            {
                await using var edge = await EdgeLiveTarget.StartAsync(options, liveCase.Viewers, cancellationToken);
                perCpuSecond["edge"] = await RunCase(liveCase, edge, options, report, isEdge: true, cancellationToken);
            }

            if (options.Measures("peer"))
            {
                await using var peer = await PeerLiveTarget.StartAsync(cancellationToken);
                perCpuSecond["peer"] = await RunCase(liveCase, peer, options, report, isEdge: false, cancellationToken);
            }

            if (perCpuSecond.TryGetValue("edge", out var edgeRate) && perCpuSecond.TryGetValue("peer", out var peerRate))
            {
                report.Target($"{liveCase.Name}: delivered comments per server CPU-second ≥ the plain SignalR peer", edgeRate >= peerRate,
                    FormattableString.Invariant($"edge {edgeRate:0} vs peer {peerRate:0} ({edgeRate / Math.Max(peerRate, 1):0.00}×)"));
            }
        }

        if (options.Runs("quiet-rooms") && options.Measures("edge"))
        {
            await QuietRoomsAsync(options, report, cancellationToken);
        }
    }

    /// <summary>
    /// What live rooms nobody is talking in cost the Edge: its CPU with no room, then with many rooms live and quiet
    /// (thousands of guides are live at once, and most rooms are quiet most of the time). The peer has no rooms.
    /// </summary>
    private static async Task QuietRoomsAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        int[] counts = options.Quick ? [0, 100] : [0, 2_000, 10_000];
        await using var edge = await EdgeLiveTarget.StartAsync(options, viewers: 0, cancellationToken);
        var phases = counts.Select(rooms => (Name: rooms == 0 ? "no room" : $"{rooms:N0} quiet rooms", Rooms: rooms));
        foreach (var (name, count) in phases)
        {
            if (count > 0)
            {
                await edge.OpenRoomsAsync(count, cancellationToken);
            }

            // Past the Edge's start and the rooms' first ticks (a room just started has just sent its first batch).
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);

            var usage = edge.Usage();
            usage.Start();
            await Task.Delay(options.Duration, cancellationToken);
            var (cpuSeconds, rss) = usage.Stop();
            var phase = new LoadPhase($"quiet-rooms, {name}", options.Duration, new LoadShape.Inject(0, 0));
            report.Add(PhaseResult.From("live-rooms", edge.System, phase, options.Duration, new StepStats(), new Dictionary<string, double>
            {
                ["rooms live"] = count,
                ["server CPU %"] = Math.Round(100 * cpuSeconds / options.Duration.TotalSeconds, 1),
                ["server RSS MiB"] = Math.Round(rss, 0),
            }));
        }
    }

    /// <summary>Runs one case on one system; answers the comments delivered per server CPU-second.</summary>
    private static async Task<double> RunCase(LiveCase liveCase, ILiveTarget target, LoadOptions options, Report report, bool isEdge, CancellationToken cancellationToken)
    {
        var usage = target.Usage();
        usage.Start();
        var (_, rssAtStart) = usage.Stop();
        var rooms = await target.OpenRoomsAsync(liveCase.Rooms, cancellationToken);
        await Task.Delay(500, cancellationToken);
        var (_, rssWithRooms) = usage.Stop();

        // Viewers join; each delivery of a comment sent in the measured window is a latency sample.
        var viewers = new ConcurrentBag<Viewer>();
        var measuring = new StrongBox<(long Start, long End)>((long.MaxValue, long.MaxValue));
        var stats = new StepStats();
        using (var limit = new SemaphoreSlim(32))
        {
            await Task.WhenAll(Enumerable.Range(0, liveCase.Viewers).Select(async i =>
            {
                await limit.WaitAsync(cancellationToken);
                try
                {
                    var viewer = new Viewer(await target.ConnectAsync(i, cancellationToken), rooms[i % rooms.Length]);
                    await target.JoinAsync(viewer.Connection, viewer.RoomId, (id, text) => viewer.Receive(id, text, measuring.Value, stats), cancellationToken);
                    viewers.Add(viewer);
                }
                finally
                {
                    limit.Release();
                }
            }));
        }

        await Task.Delay(1_000, cancellationToken);
        var (_, rssWithViewers) = usage.Stop();

        // Each commenter comments once a second (the rooms' default limit), spread evenly over the second; a room's
        // commenters come one after another, so a small room gets its second's comments as a burst.
        var commenters = viewers.GroupBy(v => v.RoomId).SelectMany(g => g.Take(liveCase.CommentersPerRoom)).ToArray();
        var sentInWindow = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var refused = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var rampUp = options.RampUp;
        var total = rampUp + options.Duration;
        var clock = Stopwatch.StartNew();
        var windowStart = Stopwatch.GetTimestamp() + (long)(rampUp.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        measuring.Value = (windowStart, windowEnd);
        var cpu = target.Usage();
        var machine = new MachineUsage();
        var inFlight = new List<Task>();
        long sent = 0;
        var started = false;
        while (clock.Elapsed < total)
        {
            if (!started && Stopwatch.GetTimestamp() >= windowStart)
            {
                started = true;
                cpu.Start();
                machine.Start();
            }

            var due = (long)(clock.Elapsed.TotalSeconds * commenters.Length);
            for (; sent < due; sent++)
            {
                var commenter = commenters[sent % commenters.Length];
                var now = Stopwatch.GetTimestamp();
                var inWindow = now >= windowStart && now < windowEnd;
                inFlight.Add(Comment(target, commenter, sent, now, inWindow, sentInWindow, refused));
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            await Task.Delay(10, cancellationToken);
        }

        var (serverCpuSeconds, rss) = cpu.Stop();
        var (machinePercent, generatorPercent, _) = machine.Stop();
        await Task.WhenAll(inFlight);
        await Task.Delay(2_000, cancellationToken);

        var expected = viewers.Sum(v => sentInWindow.GetValueOrDefault(v.RoomId));
        var delivered = viewers.Sum(v => v.DeliveredInWindow);
        var duplicates = viewers.Sum(v => v.Duplicates);
        var seconds = options.Duration.TotalSeconds;
        var perCpuSecond = delivered / Math.Max(serverCpuSeconds, 0.001);
        var metrics = new Dictionary<string, double>
        {
            ["comments/s"] = Math.Round(sentInWindow.Values.Sum() / seconds, 1),
            ["delivered/s"] = Math.Round(delivered / seconds, 0),
            ["server CPU %"] = Math.Round(100 * serverCpuSeconds / seconds, 1),
            ["delivered per CPU-s"] = Math.Round(perCpuSecond, 0),
            ["server RSS MiB"] = Math.Round(rss, 0),
            ["KiB per connection"] = Math.Round((rssWithViewers - rssWithRooms) * 1024 / liveCase.Viewers, 1),
            ["machine CPU %"] = machinePercent,
            ["generator CPU %"] = generatorPercent,
        };
        if (isEdge)
        {
            metrics["KiB per room"] = Math.Round((rssWithRooms - rssAtStart) * 1024 / liveCase.Rooms, 1);
        }

        var phase = new LoadPhase($"{liveCase.Name} {liveCase.Rooms}×{liveCase.ViewersPerRoom}", options.Duration, new LoadShape.Inject(commenters.Length, commenters.Length));
        var result = PhaseResult.From("live-rooms", target.System, phase, options.Duration, stats, metrics) with
        {
            Errors = new Dictionary<string, long>(refused),
        };
        report.Add(result);

        var lost = expected - delivered;
        if (isEdge)
        {
            report.Invariant($"{liveCase.Name}: every accepted comment reached every viewer of its room", lost == 0 && refused.IsEmpty,
                $"{delivered} of {expected} deliveries, {lost} lost, {refused.Values.Sum()} comments refused");
            report.Invariant($"{liveCase.Name}: no viewer received a comment twice", duplicates == 0, $"{duplicates} duplicates");
            if (liveCase.Rooms == 1)
            {
                report.Target($"{liveCase.Name}: comment-to-viewer p99 ≤ 250 ms", result.P99Ms <= 250, FormattableString.Invariant($"p99 {result.P99Ms:0.0} ms"));
            }
        }
        else
        {
            report.Notes.Add(FormattableString.Invariant($"{liveCase.Name}, peer: {delivered} of {expected} deliveries ({lost} lost), {duplicates} duplicates."));
        }

        await Task.WhenAll(viewers.Select(v => v.Connection.DisposeAsync().AsTask()));
        return perCpuSecond;
    }

    private static async Task Comment(ILiveTarget target, Viewer commenter, long n, long sentAt, bool inWindow,
        ConcurrentDictionary<string, long> sentInWindow, ConcurrentDictionary<string, long> refused)
    {
        try
        {
            await target.CommentAsync(commenter.Connection, commenter.RoomId, $"c-{n}", sentAt.ToString(CultureInfo.InvariantCulture));
            if (inWindow)
            {
                sentInWindow.AddOrUpdate(commenter.RoomId, 1, (_, c) => c + 1);
            }
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or TaskCanceledException)
        {
            var reason = ex.Message.Contains("HubException: ", StringComparison.Ordinal) ? ex.Message[(ex.Message.IndexOf("HubException: ", StringComparison.Ordinal) + 14)..].Split(':')[0] : ex.GetType().Name;
            refused.AddOrUpdate(reason, 1, (_, c) => c + 1);
        }
    }

    private sealed record LiveCase(string Name, int Rooms, int ViewersPerRoom, int CommentersPerRoom)
    {
        public int Viewers => Rooms * ViewersPerRoom;
    }

    private sealed class StrongBox<T>(T value)
    {
        public T Value { get; set; } = value;
    }

    /// <summary>One viewer's connection and what it received (by comment id: the peer's broadcasts may arrive out of id order).</summary>
    private sealed class Viewer(HubConnection connection, string roomId)
    {
        private readonly Lock _lock = new();
        private readonly HashSet<long> _received = [];

        public HubConnection Connection { get; } = connection;

        public string RoomId { get; } = roomId;

        public long DeliveredInWindow { get; private set; }

        public long Duplicates { get; private set; }

        public void Receive(long commentId, string text, (long Start, long End) window, StepStats stats)
        {
            var now = Stopwatch.GetTimestamp();
            long sentAt;
            lock (_lock)
            {
                if (!_received.Add(commentId))
                {
                    Duplicates++;
                    return;
                }

                if (!long.TryParse(text, CultureInfo.InvariantCulture, out sentAt) || sentAt < window.Start || sentAt >= window.End)
                {
                    return;
                }

                DeliveredInWindow++;
            }

            stats.Record(Stopwatch.GetElapsedTime(sentAt, now), null);
        }
    }
}
