using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>
/// The owner accounts of franchise stores: which stores each owns, and what the brand owes it from the orders its
/// stores fulfilled, for operations and for the franchisee itself (a <c>dealer</c> token under the account's id).
/// </summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/accounts").WithTags("Accounts").RequireAuthorization(Policies.DealerOrOps).RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapGet("/{accountId}/stores", GetStores);
        api.MapGet("/{accountId}/fulfilment", GetAccountFulfilment);
        api.MapGet("/{accountId}/settlement", GetSettlement);
        api.MapGet("/{accountId}/settlement/{date}", GetSettledOrders);
        return app;
    }

    /// <summary>The franchise stores the account owns, by store id: where a franchisee finds the ids its other routes take.</summary>
    public static async Task<Results<Ok<AccountStores>, ValidationProblem, ProblemHttpResult>> GetStores(
        string accountId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsSelfOrOps(Roles.Dealer, accountId))
        {
            return NotTheirs();
        }

        var validation = new Validation().RequireId(accountId, "accountId");
        return validation.IsValid
            ? TypedResults.Ok(await grains.GetGrain<IAccountStoresGrain>(accountId).GetStores())
            : Problems.Validation(validation);
    }

    /// <summary>
    /// How far behind each of the account's stores is, in one read (a franchisee's page, read again at each of its
    /// stores' alerts): the store whose oldest waiting order waits longest first, as a region's are.
    /// </summary>
    public static async Task<Results<Ok<StoreFulfilmentSummary[]>, ValidationProblem, ProblemHttpResult>> GetAccountFulfilment(
        string accountId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsSelfOrOps(Roles.Dealer, accountId))
        {
            return NotTheirs();
        }

        var validation = new Validation().RequireId(accountId, "accountId");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var owned = await grains.GetGrain<IAccountStoresGrain>(accountId).GetStores();
        return TypedResults.Ok(await FulfilmentSummaries.LongestWaitingFirst(owned.Stores.Select(s => s.StoreId), grains));
    }

    /// <summary>The account's statement for the local days <c>from</c>–<c>to</c> (<c>yyyy-MM-dd</c>; today when neither is given).</summary>
    public static async Task<Results<Ok<AccountStatement>, ValidationProblem, ProblemHttpResult>> GetSettlement(
        string accountId, string? from, string? to, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsSelfOrOps(Roles.Dealer, accountId))
        {
            return NotTheirs();
        }

        var (first, last) = (ParseDay(from), ParseDay(to));
        var validation = new Validation()
            .RequireId(accountId, "accountId")
            .Require(from is null || first is not null, "from", "from is a date, yyyy-MM-dd.")
            .Require(to is null || last is not null, "to", "to is a date, yyyy-MM-dd.");
        return validation.IsValid
            ? TypedResults.Ok(await grains.GetGrain<IAccountGrain>(accountId).GetStatement(first, last))
            : Problems.Validation(validation);
    }

    /// <summary>The orders one day's figure is made of, a page at a time (<c>take</c> 1–1000, default 100; then <c>after=next</c>).</summary>
    public static async Task<Results<Ok<AccountOrderPage>, ValidationProblem, ProblemHttpResult>> GetSettledOrders(
        string accountId, string date, string? after, int? take, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsSelfOrOps(Roles.Dealer, accountId))
        {
            return NotTheirs();
        }

        var day = ParseDay(date);
        var validation = new Validation()
            .RequireId(accountId, "accountId")
            .Require(day is not null, "date", "date is a date, yyyy-MM-dd.")
            .Require(take is null or (>= 1 and <= IAccountGrain.MaxOrdersPage), "take", $"take must be between 1 and {IAccountGrain.MaxOrdersPage}.")
            .Require(after is null || Validation.IsValidId(after), "after", "after is an order id.");
        return validation.IsValid
            ? TypedResults.Ok(await grains.GetGrain<IAccountGrain>(accountId).GetOrders(day!.Value, after, take ?? 100))
            : Problems.Validation(validation);
    }

    private static ProblemHttpResult NotTheirs() =>
        Problems.Forbidden(EdgeErrorCodes.Forbidden, "A franchisee reads their own account only.");

    private static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
