using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>What a store's staff do: ring up in-store sales, work the fulfilment queue, hand orders over.</summary>
public static class StoreOperationsApi
{
    private const int MaxQueueTake = 1_000;

    public static IEndpointRouteBuilder MapStoreOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/stores/{storeId}").WithTags("Store operations")
            .RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapGet("/fulfilment", GetFulfilmentQueue).RequireAuthorization(Policies.GuideDealerOrOps);
        api.MapGet("/fulfilment/summary", GetFulfilmentSummary).RequireAuthorization(Policies.GuideDealerOrOps);
        api.MapGet("/pickups", FindPickup).RequireAuthorization(Policies.GuideOrOps);
        api.MapPost("/orders/{orderId}/fulfil", FulfilOrder).RequireAuthorization(Policies.GuideOrOps);
        api.MapPost("/reservations/{sku}/{reservationId}/fulfil", FulfilReservation).RequireAuthorization(Policies.GuideOrOps);
        api.MapPost("/sales", RecordSale).RequireAuthorization(Policies.GuideOrOps);
        return app;
    }

    /// <summary>The queue, the oldest first; `mode` keeps what is shipped or picked up, `take` the oldest so many (a busy store's page).</summary>
    public static async Task<Results<Ok<ImmutableArray<StoreFulfilment>>, ValidationProblem, ProblemHttpResult>> GetFulfilmentQueue(
        string storeId, string? mode, int? take, ClaimsPrincipal user, IGrainFactory grains)
    {
        FulfilmentMode? wanted = mode switch { "ship" => FulfilmentMode.Ship, "pickup" => FulfilmentMode.Pickup, _ => null };
        var validation = new Validation()
            .Require(mode is null || wanted is not null, "mode", "mode must be 'ship' or 'pickup'.")
            .Require(take is null or (>= 1 and <= MaxQueueTake), "take", $"take must be between 1 and {MaxQueueTake}.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        // A franchisee sees what its own stores still have to ship or hand over; the counter's work stays the staff's.
        if (await Refuse(storeId, user, grains, franchiseeMayRead: true) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok(await grains.GetGrain<IStoreGrain>(storeId).GetFulfilmentQueue(wanted, take));
    }

    /// <summary>How far behind the store is: the orders waiting to ship and to hand over, and when the oldest was confirmed.</summary>
    public static async Task<Results<Ok<StoreFulfilmentSummary>, ProblemHttpResult>> GetFulfilmentSummary(
        string storeId, ClaimsPrincipal user, IGrainFactory grains) =>
        await Refuse(storeId, user, grains, franchiseeMayRead: true) is { } refusal
            ? refusal
            : TypedResults.Ok(await grains.GetGrain<IStoreGrain>(storeId).GetFulfilmentSummary());

    /// <summary>The order waiting to be picked up here whose code the member shows: its queue entry, to hand it over.</summary>
    public static async Task<Results<Ok<StoreFulfilment>, ValidationProblem, ProblemHttpResult>> FindPickup(
        string storeId, [Required] string? code, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return Problems.Validation("code", "code is the order's six-digit pick-up code.");
        }

        if (await Refuse(storeId, user, grains) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok(await grains.GetGrain<IStoreGrain>(storeId).FindPickup(code));
    }

    public static async Task<Results<Ok<Order>, ProblemHttpResult>> FulfilOrder(string storeId, string orderId, FulfilRequest? request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await Refuse(storeId, user, grains) is { } refusal)
        {
            return refusal;
        }

        var order = grains.GetGrain<IOrderGrain>(orderId);
        if (!Validation.IsValidId(orderId) || await order.Get() is null)
        {
            return Problems.NotFound(ErrorCodes.UnknownOrder, $"Order '{orderId}' does not exist.");
        }

        return TypedResults.Ok(await order.Fulfil(storeId, request?.PickupCode));
    }

    /// <summary>A reservation confirmed through the stock routes has no order: the store marks its line done here.</summary>
    public static async Task<Results<Ok<ReservationFulfilment>, ProblemHttpResult>> FulfilReservation(
        string storeId, string sku, string reservationId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await Refuse(storeId, user, grains) is { } refusal)
        {
            return refusal;
        }

        if (!Validation.IsValidId(sku) || !Validation.IsValidId(reservationId))
        {
            return Problems.NotFound(ErrorCodes.UnknownReservation, $"Store '{storeId}' has no reservation '{reservationId}' of SKU '{sku}' to fulfil.");
        }

        return TypedResults.Ok(await grains.GetGrain<IStoreGrain>(storeId).FulfilReservation(sku, reservationId));
    }

    public static async Task<Results<Ok<InStoreSale>, ValidationProblem, ProblemHttpResult>> RecordSale(
        string storeId, InStoreSaleRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var sale = new InStoreSale(request.SaleId ?? "", storeId, request.GuideId ?? "", request.MemberId, request.Amount ?? 0, time.GetUtcNow());
        var validation = sale.Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (await Refuse(storeId, user, grains) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok(await grains.GetGrain<IInStoreSaleGrain>(sale.SaleId).Record(sale));
    }

    /// <summary>Unknown store → 404; a guide of another store (or a franchisee, unless it may read and owns it) → 403.</summary>
    private static async Task<ProblemHttpResult?> Refuse(string storeId, ClaimsPrincipal user, IGrainFactory grains, bool franchiseeMayRead = false)
    {
        var profile = Validation.IsValidId(storeId) ? await grains.GetGrain<IStoreGrain>(storeId).GetProfile() : null;
        if (profile is null)
        {
            return Problems.NotFound(ErrorCodes.UnknownStore, $"Store '{storeId}' does not exist.");
        }

        return await (franchiseeMayRead ? user.MaySeeQueueOfAsync(profile, grains) : user.IsStaffOfAsync(storeId, grains))
            ? null
            : Problems.Forbidden(EdgeErrorCodes.Forbidden, franchiseeMayRead
                ? "Only the store's own guides, its franchisee and operations see its queue."
                : "Only the store's own guides and operations do this.");
    }
}
