using Microsoft.Extensions.Options;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>The Edge's clock for the rooms: sends summed likes, viewer changes, and the periodic "still here" of every room.</summary>
public sealed class LiveFeedService(LiveRoomFeeds feeds, IOptions<LiveEdgeOptions> options, TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FlushLikes(stoppingToken), ReportViewers(stoppingToken));

    private async Task FlushLikes(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LikeFlushInterval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            feeds.FlushLikes();
        }

        feeds.FlushLikes();
    }

    private async Task ReportViewers(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ViewerReportInterval, time);
        var refreshedAt = time.GetTimestamp();
        while (await WaitAsync(timer, stoppingToken))
        {
            var refresh = time.GetElapsedTime(refreshedAt) >= options.Value.ViewerRefreshInterval;
            if (refresh)
            {
                refreshedAt = time.GetTimestamp();
            }

            await feeds.ReportViewers(all: refresh);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
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
