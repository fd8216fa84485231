using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Scoreboards;

namespace PrivateDomain.Realtime.Edge.Feeds;

/// <summary>
/// The Edge's clock for its fan-out feeds: sends the likes tapped here, summed; tells rooms, PKs and boards of
/// changes in their watchers here; and every refresh interval tells them all again (they forget silent Edges).
/// </summary>
public sealed class EdgeFeedService(LiveRoomFeeds rooms, ScoreboardFeeds scoreboards, IOptions<LiveEdgeOptions> options, TimeProvider time)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FlushLikes(stoppingToken), ReportWatchers(stoppingToken));

    private async Task FlushLikes(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LikeFlushInterval, time);
        while (await timer.TickOrStop(stoppingToken))
        {
            rooms.FlushLikes();
        }

        rooms.FlushLikes();
    }

    private async Task ReportWatchers(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ViewerReportInterval, time);
        var refreshedAt = time.GetTimestamp();
        while (await timer.TickOrStop(stoppingToken))
        {
            var refresh = time.GetElapsedTime(refreshedAt) >= options.Value.ViewerRefreshInterval;
            if (refresh)
            {
                refreshedAt = time.GetTimestamp();
            }

            await rooms.ReportWatchers(all: refresh);
            await scoreboards.ReportWatchers(all: refresh);
        }
    }
}
