using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Feeds;

/// <summary>
/// Notices when a silo leaves the cluster. The rooms, PKs and boards it held, and the edge directory, come back on
/// another silo knowing no Edge: a grain that leaves in an orderly way says so (<c>RoomClosing</c> and the like), but
/// one on a silo that crashed cannot. So when a silo leaves, this Edge registers again and reports every watched
/// topic again at once, instead of at the next refresh (20 s) — the viewers' silence after a crash is then the time
/// the cluster takes to declare the silo dead, not that plus the refresh.
/// </summary>
/// <remarks>
/// It asks a silo for the active silos once a second (<see cref="IHealthGrain.GetActiveSilos"/>, a stateless worker
/// answering from the silo's membership view in memory) — one small call per Edge, the same in embedded and client
/// mode (an Orleans client has no membership view of its own). A report sent before the silo is declared dead fails
/// and is retried with the next report (≤ 250 ms); the one after the declaration activates the grain again with this
/// Edge's watchers.
/// </remarks>
public sealed class SiloLossWatch(
    IGrainFactory grains,
    LiveRoomFeeds rooms,
    ScoreboardFeeds scoreboards,
    EdgeRegistrationService registration,
    TimeProvider time,
    ILogger<SiloLossWatch> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var health = grains.GetGrain<IHealthGrain>(0);
        HashSet<SiloAddress>? active = null;
        using var timer = new PeriodicTimer(PollInterval, time);
        do
        {
            try
            {
                // Not the call's own 30 s timeout: a question sent to a silo as it dies is never answered, and the
                // watch would be blind for that long just when it matters.
                var now = (await health.GetActiveSilos().WaitAsync(PollInterval, stoppingToken)).ToHashSet();
                if (active?.FirstOrDefault(silo => !now.Contains(silo)) is { } lost)
                {
                    Log.SiloLeft(logger, lost);
                    registration.RegisterNow();
                    rooms.SiloLeft();
                    scoreboards.SiloLeft();
                }

                active = now;
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster does not answer (it is starting, or the silo answering for it just died): ask again
                // next time. A silo that leaves meanwhile is still missing from the next answer.
            }
        }
        while (await timer.TickOrStop(stoppingToken));
    }
}
