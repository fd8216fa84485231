using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>
/// Regional stock: the pool view, reservations, the ledger. A reservation made here belongs to the member who made it:
/// only they may see, confirm or release it here (operations may see any). Orders' and live rooms' reservations are
/// managed by their order or room, never through these routes.
/// </summary>
public static class InventoryApi
{
    public const int DefaultLedgerPage = 500;

    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/inventory/{regionId}/{sku}").WithTags("Inventory").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapGet("", GetInventory);
        api.MapPut("/safety-stock", SetSafetyStock).RequireAuthorization(Policies.Ops);
        api.MapPost("/reservations", ReserveStock).RequireAuthorization(Policies.Member);
        api.MapGet("/reservations/{reservationId}", GetReservation);
        api.MapPost("/reservations/{reservationId}/confirm", ConfirmReservation).RequireAuthorization(Policies.Member);
        api.MapDelete("/reservations/{reservationId}", ReleaseReservation).RequireAuthorization(Policies.Member);
        api.MapGet("/ledger", GetStockLedger).RequireAuthorization(Policies.Ops);
        return app;
    }

    public static async Task<Results<Ok<InventoryView>, ValidationProblem>> GetInventory(string regionId, string sku, IGrainFactory grains)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await Pool(grains, regionId, sku).GetInventory());
    }

    public static async Task<Results<Ok<InventoryView>, ValidationProblem>> SetSafetyStock(string regionId, string sku, SafetyStockRequest request, IGrainFactory grains)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
        }

        if (request.SafetyStock is not { } safetyStock)
        {
            return Problems.Validation("safetyStock", "safetyStock is required.");
        }

        return TypedResults.Ok(await Pool(grains, regionId, sku).SetSafetyStock(safetyStock));
    }

    public static async Task<Results<Created<Reservation>, ValidationProblem>> ReserveStock(
        string regionId, string sku, ReservationBody body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
        }

        var missing = new Validation()
            .Require(body.Quantity is not null, "quantity", "quantity is required.")
            .Require(body.Latitude is not null, "latitude", "latitude is required.")
            .Require(body.Longitude is not null, "longitude", "longitude is required.")
            .Require(body.Mode is not null, "mode", "mode is required: 'ship' or 'pickup'.");
        if (!missing.IsValid)
        {
            return Problems.Validation(missing);
        }

        var request = new ReservationRequest(body.ReservationId ?? "", body.Quantity!.Value, body.Latitude!.Value, body.Longitude!.Value,
            body.Mode!.Value, body.PickupStoreId, body.TtlSeconds, OwnerId: user.UserId());
        var validation = request.Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var reservation = await Pool(grains, regionId, sku).Reserve(request);
        return TypedResults.Created($"/api/inventory/{regionId}/{sku}/reservations/{reservation.ReservationId}", reservation);
    }

    public static Task<Results<Ok<Reservation>, ProblemHttpResult, ValidationProblem>> GetReservation(
        string regionId, string sku, string reservationId, ClaimsPrincipal user, IGrainFactory grains) =>
        OnOwnReservation(regionId, sku, reservationId, user, grains, (_, reservation) => Task.FromResult(reservation));

    public static Task<Results<Ok<Reservation>, ProblemHttpResult, ValidationProblem>> ConfirmReservation(
        string regionId, string sku, string reservationId, ClaimsPrincipal user, IGrainFactory grains) =>
        OnOwnReservation(regionId, sku, reservationId, user, grains, (pool, _) => pool.Confirm(reservationId));

    public static Task<Results<Ok<Reservation>, ProblemHttpResult, ValidationProblem>> ReleaseReservation(
        string regionId, string sku, string reservationId, ClaimsPrincipal user, IGrainFactory grains) =>
        OnOwnReservation(regionId, sku, reservationId, user, grains, (pool, _) => pool.Release(reservationId));

    /// <summary>
    /// Answers <paramref name="call"/> on the reservation if it exists and the caller made it (or, only to look at it,
    /// is operations — the confirm and release routes admit members only); otherwise the refusal. Its owner never
    /// changes, so the call acts on the reservation checked here.
    /// </summary>
    private static async Task<Results<Ok<Reservation>, ProblemHttpResult, ValidationProblem>> OnOwnReservation(
        string regionId, string sku, string reservationId, ClaimsPrincipal user, IGrainFactory grains,
        Func<IInventoryPoolGrain, Reservation, Task<Reservation>> call)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
        }

        var pool = Pool(grains, regionId, sku);
        var reservation = Validation.IsValidId(reservationId) ? await pool.GetReservation(reservationId) : null;
        if (reservation is null)
        {
            return Problems.NotFound(ErrorCodes.UnknownReservation, $"Reservation '{reservationId}' does not exist.");
        }

        var membersOwn = reservation.OrderId is null && reservation.OwnerId is not null;
        if (membersOwn ? !user.IsSelfOrOps(Roles.Member, reservation.OwnerId!) : !user.IsOps())
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, membersOwn
                ? "This reservation belongs to another member."
                : "This reservation belongs to an order or a live room's flash sale; it is managed through that.");
        }

        return TypedResults.Ok(await call(pool, reservation));
    }

    /// <summary>The ledger from its start a page at a time (<c>after</c>), or its tail (<c>latest</c>), to follow from there.</summary>
    public static async Task<Results<Ok<LedgerPage>, ValidationProblem>> GetStockLedger(
        string regionId, string sku, long? after, int? take, int? latest, IGrainFactory grains)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
        }

        if (latest is { } tail)
        {
            var either = new Validation().Require(after is null && take is null, "latest", "latest is the ledger's tail; it takes neither after nor take.");
            return either.IsValid ? TypedResults.Ok(await Pool(grains, regionId, sku).GetLedgerTail(tail)) : Problems.Validation(either);
        }

        return TypedResults.Ok(await Pool(grains, regionId, sku).GetLedger(after ?? 0, take ?? DefaultLedgerPage));
    }

    private static IInventoryPoolGrain Pool(IGrainFactory grains, string regionId, string sku) =>
        grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, regionId));

    private static ValidationProblem? InvalidKey(string regionId, string sku)
    {
        var validation = new Validation().RequireId(regionId, "regionId").RequireId(sku, "sku");
        return validation.IsValid ? null : Problems.Validation(validation);
    }
}
