using System.Collections.Concurrent;
using HdrHistogram;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>Counts and latency of one step during one phase. Thread-safe, also for reading while others still record.</summary>
public sealed class StepStats
{
    // 1 µs to 5 minutes at three significant digits. Guarded by its own lock: a concurrent histogram takes concurrent
    // records, but reading it while one arrives (a watcher's push timed after its phase ended) throws mid-iteration.
    private readonly LongHistogram _latencyMicros = new(1, 300_000_000, 3);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _ok;
    private long _failed;

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public void Record(TimeSpan latency, string? error)
    {
        lock (_latencyMicros)
        {
            _latencyMicros.RecordValue(Math.Clamp((long)latency.TotalMicroseconds, 1, 300_000_000));
        }

        if (error is null)
        {
            Interlocked.Increment(ref _ok);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
        }
    }

    /// <summary>A request the generator could not even start (too many already in flight).</summary>
    public void RecordDropped()
    {
        Interlocked.Increment(ref _failed);
        _errors.AddOrUpdate("dropped-by-generator", 1, (_, n) => n + 1);
    }

    public double PercentileMs(double percentile) => Read(h => h.GetValueAtPercentile(percentile));

    public double MaxMs => Read(h => h.GetMaxValue());

    public double MeanMs => Read(h => h.GetMean());

    private double Read(Func<LongHistogram, double> micros)
    {
        lock (_latencyMicros)
        {
            return _latencyMicros.TotalCount == 0 ? 0 : micros(_latencyMicros) / 1000.0;
        }
    }
}
