using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Live;

namespace PrivateDomain.Realtime.Edge.Scoreboards;

/// <summary>Tells PKs and boards how many watchers this Edge has: changes within the report interval, everything every refresh interval.</summary>
public sealed class ScoreboardFeedService(ScoreboardFeeds feeds, IOptions<LiveEdgeOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ViewerReportInterval, time);
        var refreshedAt = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var refresh = time.GetElapsedTime(refreshedAt) >= options.Value.ViewerRefreshInterval;
                if (refresh)
                {
                    refreshedAt = time.GetTimestamp();
                }

                await feeds.ReportWatchers(all: refresh);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
