using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>Live rooms: a guide (or operations) opens, starts and ends their room; anyone signed in may look.</summary>
public static class LiveRoomsApi
{
    public static IEndpointRouteBuilder MapLiveRoomsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/live-rooms").WithTags("Live rooms").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapPost("", CreateRoom).RequireAuthorization(Policies.GuideOrOps);
        api.MapPost("/{roomId}/start", StartRoom).RequireAuthorization(Policies.GuideOrOps);
        api.MapPost("/{roomId}/end", EndRoom).RequireAuthorization(Policies.GuideOrOps);
        api.MapGet("/{roomId}", GetRoom);
        api.MapGet("/{roomId}/stats", GetRoomStats);
        api.MapGet("", ListRooms);
        return app;
    }

    public static async Task<Results<Created<LiveRoomInfo>, ValidationProblem, ProblemHttpResult>> CreateRoom(LiveRoomRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var room = new CreateLiveRoom(request.GuideId ?? "", request.Title?.Trim() ?? "", request.RegionId ?? "", [.. request.Shelf ?? []]);
        var validation = room.Validate().RequireId(request.RoomId, "roomId");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (!user.IsSelfOrOps(Roles.Guide, room.GuideId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A guide opens rooms for themself only.");
        }

        var created = await grains.GetGrain<ILiveRoomGrain>(request.RoomId!).Create(room);
        return TypedResults.Created($"/api/live-rooms/{created.RoomId}", created);
    }

    // The room refuses an unknown id itself (404 unknown-live-room); only a malformed id is refused here.
    public static async Task<Results<Ok<RoomSnapshot>, ProblemHttpResult>> StartRoom(string roomId, ClaimsPrincipal user, IGrainFactory grains) =>
        Validation.IsValidId(roomId) ? TypedResults.Ok(await Room(grains, roomId).Start(await LiveActors.Resolve(user, grains))) : UnknownRoom(roomId);

    public static async Task<Results<Ok<RoomSnapshot>, ProblemHttpResult>> EndRoom(string roomId, ClaimsPrincipal user, IGrainFactory grains) =>
        Validation.IsValidId(roomId) ? TypedResults.Ok(await Room(grains, roomId).End(await LiveActors.Resolve(user, grains))) : UnknownRoom(roomId);

    public static async Task<Results<Ok<RoomSnapshot>, ProblemHttpResult>> GetRoom(string roomId, IGrainFactory grains) =>
        Validation.IsValidId(roomId) ? TypedResults.Ok(await Room(grains, roomId).GetSnapshot()) : UnknownRoom(roomId);

    public static async Task<Results<Ok<RoomStats>, ProblemHttpResult>> GetRoomStats(string roomId, IGrainFactory grains) =>
        Validation.IsValidId(roomId) ? TypedResults.Ok(await Room(grains, roomId).GetStats()) : UnknownRoom(roomId);

    /// <summary>
    /// Rooms with their figures, busiest first; <c>status</c> is <c>scheduled</c>, <c>live</c> or <c>ended</c> (none: all),
    /// <c>take</c> the busiest 1–1000 (none: every room).
    /// </summary>
    public static async Task<Results<Ok<ImmutableArray<RoomStats>>, ValidationProblem>> ListRooms(
        string? status, int? take, string? guideId, string? regionId, IGrainFactory grains)
    {
        LiveRoomStatus? wanted = !string.IsNullOrEmpty(status) && Statuses.TryGetValue(status, out var parsed) ? parsed : null;
        var validation = new Validation()
            .Require(string.IsNullOrEmpty(status) || wanted is not null, "status", "status must be 'scheduled', 'live' or 'ended'.")
            .Require(take is null or (>= 1 and <= ILiveRoomDirectoryGrain.MaxTake), "take", $"take must be between 1 and {ILiveRoomDirectoryGrain.MaxTake}.")
            .Require(guideId is null || Validation.IsValidId(guideId), "guideId", "guideId is the host guide's id.")
            .Require(regionId is null || Validation.IsValidId(regionId), "regionId", "regionId is a region's id.");
        return validation.IsValid
            ? TypedResults.Ok(await Directory(grains).List(wanted, take ?? int.MaxValue, guideId, regionId))
            : Problems.Validation(validation);
    }

    private static readonly Dictionary<string, LiveRoomStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["scheduled"] = LiveRoomStatus.Scheduled,
        ["live"] = LiveRoomStatus.Live,
        ["ended"] = LiveRoomStatus.Ended,
    };

    private static ILiveRoomGrain Room(IGrainFactory grains, string roomId) => grains.GetGrain<ILiveRoomGrain>(roomId);

    private static ILiveRoomDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<ILiveRoomDirectoryGrain>(ILiveRoomDirectoryGrain.Key);

    private static ProblemHttpResult UnknownRoom(string roomId) =>
        Problems.NotFound(ErrorCodes.UnknownLiveRoom, $"Live room '{roomId}' does not exist.");
}
