using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>One guide's livestream (key: room id).</summary>
[Alias("pd.ILiveRoomGrain")]
public interface ILiveRoomGrain : IGrainWithStringKey
{
    /// <summary>Opens the room (scheduled); idempotent for the same settings.</summary>
    [Alias("Create")]
    Task<LiveRoomInfo> Create(CreateLiveRoom room);

    [Alias("Start")]
    Task<LiveRoomInfo> Start();

    [Alias("End")]
    Task<LiveRoomInfo> End();

    [ReadOnly, Alias("GetInfo")]
    Task<LiveRoomInfo?> GetInfo();

    /// <summary>Whether an order placed at <paramref name="at"/> counts for the room: live, or ended under 72 hours earlier.</summary>
    [ReadOnly, Alias("GetAttribution")]
    Task<LiveRoomAttribution?> GetAttribution(DateTimeOffset at);

    /// <summary>A paid order attributed to the room (its GMV); idempotent on the order id.</summary>
    [Alias("RecordPaidOrder")]
    Task RecordPaidOrder(string orderId, long amount, DateTimeOffset paidAt);
}
