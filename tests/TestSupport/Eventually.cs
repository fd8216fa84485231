using System.Diagnostics;

namespace PrivateDomain.Realtime.TestSupport;

/// <summary>Waits for something asynchronous (a push, a one-way call, an outbox retry) to become true, or fails the test.</summary>
public static class Eventually
{
    public static async Task True(Func<Task<bool>> condition, TimeSpan? within = null, CancellationToken cancellationToken = default)
    {
        var limit = within ?? TimeSpan.FromSeconds(10);
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"The condition did not hold within {limit.TotalSeconds:0} s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public static Task True(Func<bool> condition, TimeSpan? within = null, CancellationToken cancellationToken = default) =>
        True(() => Task.FromResult(condition()), within, cancellationToken);
}
