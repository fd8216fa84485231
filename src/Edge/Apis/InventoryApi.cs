using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>Regional stock: the pool view, reservations, the ledger. Each call is one grain call to the SKU-region pool.</summary>
public static class InventoryApi
{
    public const int DefaultLedgerPage = 500;

    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/inventory/{regionId}/{sku}").WithTags("Inventory").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapGet("", GetInventory);
        api.MapPut("/safety-stock", SetSafetyStock).RequireAuthorization(Policies.Ops);
        api.MapPost("/reservations", Reserve).RequireAuthorization(Policies.Member);
        api.MapGet("/reservations/{reservationId}", GetReservation);
        api.MapPost("/reservations/{reservationId}/confirm", Confirm).RequireAuthorization(Policies.Member);
        api.MapDelete("/reservations/{reservationId}", Release).RequireAuthorization(Policies.Member);
        api.MapGet("/ledger", GetLedger).RequireAuthorization(Policies.Ops);
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

    public static async Task<Results<Created<Reservation>, ValidationProblem>> Reserve(string regionId, string sku, ReservationBody body, IGrainFactory grains)
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
            body.Mode!.Value, body.PickupStoreId, body.TtlSeconds);
        var validation = request.Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var reservation = await Pool(grains, regionId, sku).Reserve(request);
        return TypedResults.Created($"/api/inventory/{regionId}/{sku}/reservations/{reservation.ReservationId}", reservation);
    }

    public static async Task<Results<Ok<Reservation>, ProblemHttpResult, ValidationProblem>> GetReservation(string regionId, string sku, string reservationId, IGrainFactory grains)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
        }

        return await Pool(grains, regionId, sku).GetReservation(reservationId) is { } reservation
            ? TypedResults.Ok(reservation)
            : Problems.NotFound(ErrorCodes.UnknownReservation, $"Reservation '{reservationId}' does not exist.");
    }

    public static async Task<Results<Ok<Reservation>, ValidationProblem>> Confirm(string regionId, string sku, string reservationId, IGrainFactory grains)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await Pool(grains, regionId, sku).Confirm(reservationId));
    }

    public static async Task<Results<Ok<Reservation>, ValidationProblem>> Release(string regionId, string sku, string reservationId, IGrainFactory grains)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await Pool(grains, regionId, sku).Release(reservationId));
    }

    public static async Task<Results<Ok<LedgerPage>, ValidationProblem>> GetLedger(string regionId, string sku, long? after, int? take, IGrainFactory grains)
    {
        if (InvalidKey(regionId, sku) is { } invalid)
        {
            return invalid;
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
