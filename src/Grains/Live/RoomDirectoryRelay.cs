using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// Carries the reports of this silo's live rooms to the one room directory (a singleton service the rooms call in
/// process). A room's report replaces its earlier one still waiting, and all waiting reports go in one call, at most
/// one a second: ten thousand live rooms reporting every few seconds then cost the directory a call per silo per second
/// rather than two thousand calls a second to a single grain. A report after a quiet spell goes at once, so a room's
/// start or end shows in the list without waiting. A failed call keeps its reports for the next one (unless newer
/// ones replaced them); nobody waits on the list, so nothing else retries. While the directory stays unreachable the
/// relay says so once a minute, not at each retry, and says when its reports reach the directory again. When its silo's
/// services are disposed it stops: a silo that is gone has no directory to reach (and a test process hosts many silos
/// in turn).
/// </summary>
public sealed class RoomDirectoryRelay : IDisposable
{
    /// <summary>At most one call to the directory per this interval.</summary>
    public static readonly TimeSpan SendInterval = TimeSpan.FromSeconds(1);

    /// <summary>While calls keep failing, at most one warning per this interval (a retry goes every second).</summary>
    public static readonly TimeSpan FailureLogInterval = TimeSpan.FromMinutes(1);

    private readonly Func<ImmutableArray<RoomStats>, Task> _send;
    private readonly TimeProvider _clock;
    private readonly ILogger<RoomDirectoryRelay> _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Dictionary<string, RoomStats> _waiting = new(StringComparer.Ordinal);
    private bool _sending;
    private long? _lastSentAt;

    // Touched only by the one running send loop.
    private readonly FailureStreak _failures;

    /// <summary>Timed on the machine's clock (how soon the list shows a room is wall time), not the grains' <see cref="TimeProvider"/>.</summary>
    public RoomDirectoryRelay(IGrainFactory grains, ILogger<RoomDirectoryRelay> logger)
        : this(rooms => grains.GetGrain<ILiveRoomDirectoryGrain>(ILiveRoomDirectoryGrain.Key).Report(rooms), TimeProvider.System, logger)
    {
    }

    internal RoomDirectoryRelay(Func<ImmutableArray<RoomStats>, Task> send, TimeProvider clock, ILogger<RoomDirectoryRelay> logger)
    {
        _send = send;
        _clock = clock;
        _logger = logger;
        _failures = new FailureStreak(FailureLogInterval, clock);
    }

    public void Report(RoomStats stats)
    {
        lock (_lock)
        {
            _waiting[stats.RoomId] = stats;
            if (_sending || _stopping.IsCancellationRequested)
            {
                return;
            }

            _sending = true;
        }

        // Off the calling grain's scheduler: the call belongs to no room.
        _ = Task.Run(SendWhileWaiting);
    }

    public void Dispose() => _stopping.Cancel();

    private async Task SendWhileWaiting()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var wait = _lastSentAt is { } sentAt ? SendInterval - _clock.GetElapsedTime(sentAt) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _clock, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            // Stopped since the loop's check: a clock moved past the interval meanwhile leaves no wait to cancel.
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            Dictionary<string, RoomStats> batch;
            lock (_lock)
            {
                batch = _waiting;
                _waiting = new(StringComparer.Ordinal);
                _lastSentAt = _clock.GetTimestamp();
            }

            try
            {
                await _send([.. batch.Values]);
                NoteSent();
            }
            catch (Exception ex)
            {
                NoteFailed(ex, batch.Count);
                lock (_lock)
                {
                    foreach (var (roomId, stats) in batch)
                    {
                        _waiting.TryAdd(roomId, stats);
                    }
                }
            }

            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _sending = false;
                    return;
                }
            }
        }
    }

    private void NoteFailed(Exception exception, int waiting)
    {
        if (_failures.Failed())
        {
            Log.RoomReportsNotSent(_logger, exception, waiting, _failures.Failures, _failures.Lasted);
        }
    }

    private void NoteSent()
    {
        if (_failures.Succeeded(out var failedCalls, out var lasted))
        {
            Log.RoomReportsSentAgain(_logger, failedCalls, lasted);
        }
    }
}
