namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>A viewer's comment allowance: refills at a steady rate up to a burst.</summary>
internal sealed class TokenBucket(double perSecond, int burst, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _at = now;

    public DateTimeOffset LastUsed { get; private set; } = now;

    public bool TryTake(DateTimeOffset now)
    {
        _tokens = Math.Min(burst, _tokens + (now - _at).TotalSeconds * perSecond);
        _at = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        LastUsed = now;
        return true;
    }
}
