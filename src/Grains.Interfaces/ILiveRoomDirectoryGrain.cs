using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The rooms and their figures (key: <see cref="Key"/>), as they report them, for listing live rooms.</summary>
[Alias("pd.ILiveRoomDirectoryGrain")]
public interface ILiveRoomDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    /// <summary>The latest figures of some rooms (each silo's rooms' reports together, see <c>RoomDirectoryRelay</c>).</summary>
    [Alias("ReportMany")]
    Task Report(ImmutableArray<RoomStats> rooms);

    /// <summary>The most a list may be asked to hold (thousands of rooms are live at once).</summary>
    public const int MaxTake = 1000;

    /// <summary>
    /// The rooms (of one status, or all; of one host guide, or all; of one region, or all), most viewers first, at most
    /// <paramref name="take"/> of them.
    /// </summary>
    [ReadOnly, Alias("List")]
    Task<ImmutableArray<RoomStats>> List(LiveRoomStatus? status, int take = int.MaxValue, string? hostGuideId = null, string? regionId = null);
}
