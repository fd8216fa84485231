using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>How a silo's rooms' reports reach the room directory: together, at most once a second, none lost to a failed call.</summary>
public sealed class RoomDirectoryRelayTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<ImmutableArray<RoomStats>> _calls = new();
    private readonly FakeLogger<RoomDirectoryRelay> _logger = new();

    [Fact]
    public async Task FirstReport_GoesAtOnce_AndLaterOnes_TogetherASecondLater_EachRoomsNewest()
    {
        var relay = Relay(rooms =>
        {
            _calls.Enqueue(rooms);
            return Task.CompletedTask;
        });

        relay.Report(Stats("room-a", viewers: 1));
        await Eventually.True(() => _calls.Count == 1, cancellationToken: Cancel);

        relay.Report(Stats("room-a", viewers: 2));
        relay.Report(Stats("room-b", viewers: 5));
        relay.Report(Stats("room-a", viewers: 3));
        await Task.Delay(200, Cancel);
        Assert.Single(_calls);

        _clock.Advance(RoomDirectoryRelay.SendInterval);
        await Eventually.True(() => _calls.Count == 2, cancellationToken: Cancel);
        Assert.Equal(
            [("room-a", 3), ("room-b", 5)],
            _calls.Last().Select(r => (r.RoomId, r.Viewers)).Order());
    }

    [Fact]
    public async Task FailedCall_KeepsItsReports_ForTheNext_UnlessANewerReportReplacedThem()
    {
        var attempts = 0;
        var relay = Relay(rooms =>
        {
            _calls.Enqueue(rooms);
            return Interlocked.Increment(ref attempts) == 1 ? Task.FromException(new TimeoutException("directory unreachable")) : Task.CompletedTask;
        });

        relay.Report(Stats("room-a", viewers: 1));
        relay.Report(Stats("room-b", viewers: 1));
        await Eventually.True(() => _calls.Count == 1, cancellationToken: Cancel);
        relay.Report(Stats("room-a", viewers: 7));

        // Stepped, not moved once: the relay may not yet be waiting on the clock (it is still handling the failure),
        // and a move made before it starts to wait would never end that wait.
        await NextCall();
        Assert.Equal(
            [("room-a", 7), ("room-b", 1)],
            _calls.Last().Select(r => (r.RoomId, r.Viewers)).Order());

        // Nothing waits any more: no further call however long the clock runs.
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(200, Cancel);
        Assert.Equal(2, _calls.Count);
    }

    [Fact]
    public async Task DisposedRelay_StopsRetrying_AndSendsNothingMore()
    {
        var relay = Relay(rooms =>
        {
            _calls.Enqueue(rooms);
            return Task.FromException(new TimeoutException("directory unreachable"));
        });

        relay.Report(Stats("room-a", viewers: 1));
        await Eventually.True(() => _calls.Count == 1, cancellationToken: Cancel);
        relay.Dispose();
        relay.Report(Stats("room-b", viewers: 1));

        _clock.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(200, Cancel);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task UnreachableDirectory_IsLoggedOnceAMinute_NotAtEachRetry_AndItsReturnOnce()
    {
        var reachable = false;
        var relay = Relay(
            rooms =>
            {
                _calls.Enqueue(rooms);
                return Volatile.Read(ref reachable) ? Task.CompletedTask : Task.FromException(new TimeoutException("directory unreachable"));
            },
            _logger);

        var failingSince = _clock.GetUtcNow();
        relay.Report(Stats("room-a", viewers: 1));
        while (_clock.GetUtcNow() - failingSince < TimeSpan.FromSeconds(150))
        {
            await NextCall();
        }

        var failedCalls = _calls.Count;
        Assert.InRange(failedCalls, 120, 151);
        var warnings = _logger.Collector.GetSnapshot().Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, w => Assert.IsType<TimeoutException>(w.Exception));

        Volatile.Write(ref reachable, true);
        await NextCall();
        await Eventually.True(() => _logger.Collector.GetSnapshot().Any(e => e.Level == LogLevel.Information), cancellationToken: Cancel);
        var back = Assert.Single(_logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Information);
        Assert.Contains($"after {failedCalls} failed calls", back.Message, StringComparison.Ordinal);
        Assert.Equal(3, _logger.Collector.GetSnapshot().Count(e => e.Level == LogLevel.Warning));
    }

    /// <summary>Runs the clock on a quarter second at a time until the relay makes its next call.</summary>
    private async Task NextCall()
    {
        var before = _calls.Count;
        var started = Stopwatch.GetTimestamp();
        while (_calls.Count == before)
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "the relay made no further call");
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(2, Cancel);
        }
    }

    private RoomDirectoryRelay Relay(Func<ImmutableArray<RoomStats>, Task> send, ILogger<RoomDirectoryRelay>? logger = null) =>
        new(send, _clock, logger ?? NullLogger<RoomDirectoryRelay>.Instance);

    private static RoomStats Stats(string roomId, int viewers) =>
        new(roomId, "Live", "g-li", "shanghai", LiveRoomStatus.Live, viewers, viewers, 0, 0, 0, 0, 0, null, null);
}
