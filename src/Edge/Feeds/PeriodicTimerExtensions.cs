namespace PrivateDomain.Realtime.Edge.Feeds;

internal static class PeriodicTimerExtensions
{
    /// <summary>Waits for the next tick; false once the host is stopping (instead of throwing), so a loop simply ends.</summary>
    public static async Task<bool> TickOrStop(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
