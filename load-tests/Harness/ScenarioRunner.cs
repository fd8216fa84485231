using System.Diagnostics;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>
/// Drives one step through one phase. A step returns null when it succeeded, or a short error kind
/// ("409 insufficient-stock", "timeout"...). Latency is measured from when a request was due, not from when the
/// generator got round to it, so a slow system cannot hide its queueing (coordinated omission).
/// </summary>
public static class ScenarioRunner
{
    /// <summary>The open model never keeps more requests than this in flight; beyond it requests are counted as dropped.</summary>
    public const int MaxInFlight = 20_000;

    /// <summary>A step; <c>iteration</c> is unique across the whole run, so ids built from it never repeat between phases.</summary>
    public delegate ValueTask<string?> Step(long iteration, CancellationToken cancellationToken);

    private static long _iterations;

    public static async Task<(StepStats Stats, TimeSpan Elapsed)> RunAsync(LoadPhase phase, Step step, CancellationToken cancellationToken)
    {
        var stats = new StepStats();
        var clock = Stopwatch.StartNew();
        switch (phase.Shape)
        {
            case LoadShape.KeepConcurrent closed:
                await RunClosed(phase.Duration, closed.Copies, step, stats, cancellationToken);
                break;
            case LoadShape.Inject open:
                await RunOpen(phase.Duration, open, step, stats, cancellationToken);
                break;
        }

        return (stats, clock.Elapsed);
    }

    private static async Task RunClosed(TimeSpan duration, int copies, Step step, StepStats stats, CancellationToken cancellationToken)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
            {
                await Execute(Interlocked.Increment(ref _iterations), Stopwatch.GetTimestamp(), step, stats, cancellationToken);
            }
        }, cancellationToken)));
    }

    private static async Task RunOpen(TimeSpan duration, LoadShape.Inject shape, Step step, StepStats stats, CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>();
        var active = 0L;
        long started = 0;
        var origin = Stopwatch.GetTimestamp();
        var seconds = duration.TotalSeconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            var elapsed = Stopwatch.GetElapsedTime(origin).TotalSeconds;
            var t = Math.Min(elapsed, seconds);

            // Requests due by now: the integral of a linearly changing rate.
            var due = (long)(shape.From * t + (shape.To - shape.From) * t * t / (2 * seconds));
            for (; started < due; started++)
            {
                // When it was due: invert the integral (quadratic in t) for this request.
                var dueAt = origin + (long)(DueSecond(started, shape, seconds) * Stopwatch.Frequency);
                if (Interlocked.Read(ref active) >= MaxInFlight)
                {
                    stats.RecordDropped();
                    continue;
                }

                Interlocked.Increment(ref active);
                var iteration = Interlocked.Increment(ref _iterations);
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await Execute(iteration, dueAt, step, stats, cancellationToken);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref active);
                    }
                }, cancellationToken));
            }

            if (elapsed >= seconds)
            {
                break;
            }

            if (inFlight.Count > 50_000)
            {
                inFlight.RemoveAll(task => task.IsCompleted);
            }

            await Task.Delay(1, cancellationToken);
        }

        await Task.WhenAll(inFlight);
    }

    private static double DueSecond(long index, LoadShape.Inject shape, double seconds)
    {
        var slope = (shape.To - shape.From) / seconds;
        if (Math.Abs(slope) < 1e-9)
        {
            return shape.From <= 0 ? seconds : index / shape.From;
        }

        // from*t + slope*t²/2 = index  →  t = (-from + sqrt(from² + 2*slope*index)) / slope
        var discriminant = shape.From * shape.From + 2 * slope * index;
        return discriminant < 0 ? seconds : (-shape.From + Math.Sqrt(discriminant)) / slope;
    }

    private static async Task Execute(long iteration, long dueTimestamp, Step step, StepStats stats, CancellationToken cancellationToken)
    {
        string? error;
        try
        {
            error = await step(iteration, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            error = ex switch
            {
                TimeoutException or TaskCanceledException => "timeout",
                HttpRequestException http => $"http {http.HttpRequestError}",
                _ => ex.GetType().Name,
            };
        }

        stats.Record(Stopwatch.GetElapsedTime(dueTimestamp), error);
    }
}
