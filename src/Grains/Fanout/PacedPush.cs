namespace PrivateDomain.Realtime.Grains.Fanout;

/// <summary>
/// A grain's push to its watching Edges, run when <see cref="PushPacing"/> says: at once, or on a one-shot grain timer
/// (unless a sooner push is asked for meanwhile). Timed on the machine's clock, as the aggregators' flushes are: how
/// soon a watcher sees a sale is wall time.
/// </summary>
internal sealed class PacedPush(IGrainBase grain, TimeSpan interval, TimeSpan flushInterval, Action push)
{
    private readonly PushPacing _pacing = new(interval, flushInterval);
    private readonly long _startedAt = TimeProvider.System.GetTimestamp();
    private IGrainTimer? _timer;
    private TimeSpan _timerAt;

    /// <summary>True while a push waits for its time.</summary>
    public bool Waiting => _timer is not null;

    private TimeSpan Now => TimeProvider.System.GetElapsedTime(_startedAt);

    /// <summary>Something changed: pushes now, or arms the timer for when the pacing allows.</summary>
    public void Soon()
    {
        var now = Now;
        var delay = _pacing.DelayFor(now);
        if (delay == TimeSpan.Zero)
        {
            PushNow();
        }
        else if (_timer is null || now + delay < _timerAt)
        {
            _timer?.Dispose();
            _timer = grain.RegisterGrainTimer(_ =>
            {
                PushNow();
                return Task.CompletedTask;
            }, delay, Timeout.InfiniteTimeSpan);
            _timerAt = now + delay;
        }
    }

    private void PushNow()
    {
        _timer?.Dispose();
        _timer = null;
        _pacing.Pushed(Now);
        push();
    }
}
