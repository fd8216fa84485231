using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Edge.Feeds;

/// <summary>
/// What <see cref="LiveEdgeOptions.ViewerRefreshInterval"/> needs of the silos' settings: rooms, PKs, boards and pools forget
/// an Edge not heard from for their <c>EdgeSilence</c>, and a quiet Edge is heard only at each refresh. Refreshed too
/// seldom, its viewers would get nothing between the room forgetting it and its next refresh. Read from this process's
/// configuration, which a deployment shares with its silos (an embedded Edge is one).
/// </summary>
public sealed class EdgeSilenceValidation(IConfiguration configuration) : IValidateOptions<LiveEdgeOptions>
{
    /// <summary>Refreshes an Edge must be able to miss (a call timing out while a silo restarts) before it is forgotten.</summary>
    public const int RefreshesPerSilence = 3;

    public ValidateOptionsResult Validate(string? name, LiveEdgeOptions options)
    {
        var rooms = configuration.GetSection(LiveRoomOptions.Section).Get<LiveRoomOptions>()?.EdgeSilence ?? new LiveRoomOptions().EdgeSilence;
        var scoring = configuration.GetSection(ScoringOptions.Section).Get<ScoringOptions>()?.EdgeSilence ?? new ScoringOptions().EdgeSilence;
        var pools = configuration.GetSection(InventoryOptions.Section).Get<InventoryOptions>()?.EdgeSilence ?? new InventoryOptions().EdgeSilence;
        return options.ViewerRefreshInterval * RefreshesPerSilence <= TimeSpan.FromTicks(Math.Min(rooms.Ticks, Math.Min(scoring.Ticks, pools.Ticks)))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"LiveEdge:ViewerRefreshInterval ({options.ViewerRefreshInterval}) must be at most a third of LiveRooms:EdgeSilence ({rooms}), "
                + $"of Scoring:EdgeSilence ({scoring}) and of Inventory:EdgeSilence ({pools}): rooms, PKs, boards and pools forget an Edge they have not heard from for that long, "
                + "and its viewers would see nothing until its next refresh.");
    }
}
