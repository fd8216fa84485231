namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>A token bucket for one connection's hub calls: <c>perSecond</c> refills, bursts of twice that.</summary>
public sealed class CallBudget(int perSecond, TimeProvider time)
{
    private readonly Lock _lock = new();
    private double _tokens = perSecond * 2;
    private long _refilledAt = time.GetTimestamp();

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(perSecond * 2, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
            _refilledAt = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
