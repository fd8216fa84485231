using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>One guide's livestream: lifecycle, attribution window and the orders paid in it.</summary>
public sealed class LiveRoomGrain(
    [PersistentState("live-room", StorageNames.GrainState)] IPersistentState<LiveRoomState> state,
    TimeProvider time)
    : Grain, ILiveRoomGrain
{
    /// <summary>Orders placed up to this long after a room ends still count for it.</summary>
    public static readonly TimeSpan AttributionAfterEnd = TimeSpan.FromHours(72);

    private string RoomId => this.GetPrimaryKeyString();

    public async Task<LiveRoomInfo> Create(CreateLiveRoom room)
    {
        room = room with { Title = room.Title?.Trim() ?? "" };
        room.Validate().ThrowIfInvalid();
        if (state.State.Info is { } existing)
        {
            return existing.HostGuideId == room.GuideId && existing.Title == room.Title && existing.RegionId == room.RegionId && existing.Shelf.SequenceEqual(room.Shelf)
                ? existing
                : throw DomainException.Conflict(ErrorCodes.KeyMismatch, $"Live room '{RoomId}' already exists with different settings.");
        }

        if (await GrainFactory.GetGrain<IGuideGrain>(room.GuideId).GetProfile() is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Guide '{room.GuideId}' does not exist.");
        }

        if (await GrainFactory.GetGrain<IRegionGrain>(room.RegionId).GetProfile() is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownRegion, $"Region '{room.RegionId}' does not exist.");
        }

        var catalog = await GrainFactory.GetGrain<ISkuCatalogGrain>(ISkuCatalogGrain.Key).GetAll();
        if (room.Shelf.FirstOrDefault(sku => !catalog.ContainsKey(sku)) is { } unknown)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownSku, $"SKU '{unknown}' does not exist.");
        }

        state.State.Info = new LiveRoomInfo(RoomId, room.GuideId, room.Title, room.RegionId, [.. room.Shelf.Distinct(StringComparer.Ordinal)],
            LiveRoomStatus.Scheduled, time.GetUtcNow(), StartedAt: null, EndedAt: null);
        await state.WriteStateAsync();
        return state.State.Info;
    }

    public async Task<LiveRoomInfo> Start()
    {
        var info = Info();
        if (info.Status == LiveRoomStatus.Ended)
        {
            throw DomainException.Conflict(ErrorCodes.LiveRoomEnded, $"Live room '{RoomId}' has ended.");
        }

        if (info.Status == LiveRoomStatus.Scheduled)
        {
            state.State.Info = info with { Status = LiveRoomStatus.Live, StartedAt = time.GetUtcNow() };
            await state.WriteStateAsync();
        }

        return state.State.Info!;
    }

    public async Task<LiveRoomInfo> End()
    {
        var info = Info();
        if (info.Status != LiveRoomStatus.Ended)
        {
            state.State.Info = info with { Status = LiveRoomStatus.Ended, EndedAt = time.GetUtcNow() };
            await state.WriteStateAsync();
        }

        return state.State.Info!;
    }

    public Task<LiveRoomInfo?> GetInfo() => Task.FromResult(state.State.Info);

    public Task<LiveRoomAttribution?> GetAttribution(DateTimeOffset at)
    {
        if (state.State.Info is not { } info)
        {
            return Task.FromResult<LiveRoomAttribution?>(null);
        }

        var attributable = info.Status switch
        {
            LiveRoomStatus.Live => true,
            LiveRoomStatus.Ended => at < info.EndedAt!.Value + AttributionAfterEnd,
            _ => false,
        };
        return Task.FromResult<LiveRoomAttribution?>(new LiveRoomAttribution(RoomId, info.HostGuideId, attributable));
    }

    public async Task RecordPaidOrder(string orderId, long amount, DateTimeOffset paidAt)
    {
        if (state.State.PaidOrders.TryAdd(orderId, new RoomSale(amount, paidAt)))
        {
            await state.WriteStateAsync();
        }
    }

    private LiveRoomInfo Info() =>
        state.State.Info ?? throw DomainException.NotFound(ErrorCodes.UnknownLiveRoom, $"Live room '{RoomId}' does not exist.");
}
