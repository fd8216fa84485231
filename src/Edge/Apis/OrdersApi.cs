using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using System.Security.Claims;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>Orders: a member places and pays their own orders; operations may read and cancel any.</summary>
public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapPost("", PlaceOrder).RequireAuthorization(Policies.Member);
        api.MapGet("/{orderId}", GetOrder);
        api.MapPost("/{orderId}/pay", PayOrder).RequireAuthorization(Policies.Member);
        api.MapPost("/{orderId}/cancel", CancelOrder).RequireAuthorization(Policies.MemberOrOps);
        return app;
    }

    public static async Task<Results<Created<Order>, ValidationProblem, ProblemHttpResult>> PlaceOrder(OrderRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var missing = new Validation()
            .RequireId(request.OrderId, "orderId")
            .Require(request.Mode is not null, "mode", "mode is required: 'ship' or 'pickup'.")
            .Require(request.Latitude is not null, "latitude", "latitude is required.")
            .Require(request.Longitude is not null, "longitude", "longitude is required.")
            .Require(request.Lines is not null, "lines", "lines are required.");
        if (!missing.IsValid)
        {
            return Problems.Validation(missing);
        }

        var order = new PlaceOrder(request.MemberId ?? "", request.RegionId ?? "", request.StoreId ?? "", [.. request.Lines!],
            request.Mode!.Value, request.Latitude!.Value, request.Longitude!.Value, request.PickupStoreId, request.GuideId, request.LiveRoomId, request.CouponId);
        var validation = order.Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (!user.IsSelfOrOps(Roles.Member, order.MemberId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A member places orders for themself only.");
        }

        var placed = await grains.GetGrain<IOrderGrain>(request.OrderId!).Place(order);
        return TypedResults.Created($"/api/orders/{placed.OrderId}", placed);
    }

    public static async Task<Results<Ok<Order>, ProblemHttpResult>> GetOrder(string orderId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (order, refusal) = await OwnOrder(orderId, user, grains);
        return refusal ?? (Results<Ok<Order>, ProblemHttpResult>)TypedResults.Ok(order!);
    }

    public static async Task<Results<Ok<Order>, ValidationProblem, ProblemHttpResult>> PayOrder(string orderId, PaymentRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation()
            .RequireId(request.PaymentId, "paymentId")
            .Require(request.Amount is >= 0, "amount", "amount is required: the order total in fen (0 for an order its coupon makes free).");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var (_, refusal) = await OwnOrder(orderId, user, grains);
        if (refusal is not null)
        {
            return refusal;
        }

        return TypedResults.Ok(await grains.GetGrain<IOrderGrain>(orderId).Pay(new PayOrder(request.PaymentId!, request.Amount!.Value)));
    }

    public static async Task<Results<Ok<Order>, ProblemHttpResult>> CancelOrder(string orderId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (_, refusal) = await OwnOrder(orderId, user, grains);
        if (refusal is not null)
        {
            return refusal;
        }

        return TypedResults.Ok(await grains.GetGrain<IOrderGrain>(orderId).Cancel());
    }

    /// <summary>The order if it exists and the caller owns it (or is operations); otherwise the refusal.</summary>
    private static async Task<(Order? Order, ProblemHttpResult? Refusal)> OwnOrder(string orderId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var order = Validation.IsValidId(orderId) ? await grains.GetGrain<IOrderGrain>(orderId).Get() : null;
        if (order is null)
        {
            return (null, Problems.NotFound(ErrorCodes.UnknownOrder, $"Order '{orderId}' does not exist."));
        }

        return user.IsSelfOrOps(Roles.Member, order.MemberId)
            ? (order, null)
            : (null, Problems.Forbidden(EdgeErrorCodes.Forbidden, "This order belongs to another member."));
    }
}
