using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

public static class StoresApi
{
    public const int DefaultNearestTake = 10;
    public const int MaxNearestTake = 100;

    public static IEndpointRouteBuilder MapStoresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/stores").WithTags("Stores").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapGet("/nearest", GetNearestStores);
        api.MapPut("/{storeId}", PutStore).RequireAuthorization(Policies.Ops);
        api.MapGet("/{storeId}", GetStore);
        api.MapPut("/{storeId}/catalog/{sku}", PutCatalogEntry).RequireAuthorization(Policies.Ops);
        api.MapGet("/{storeId}/page", GetStorePage);
        api.MapGet("/{storeId}/page/{sku}", GetStorePageItem);
        return app;
    }

    public static async Task<Results<Ok<StoreProfile>, ValidationProblem>> PutStore(string storeId, StoreRequest request, IGrainFactory grains)
    {
        var missing = new Validation()
            .Require(request.Latitude is not null, "latitude", "latitude is required.")
            .Require(request.Longitude is not null, "longitude", "longitude is required.")
            .Require(request.Ownership is not null, "ownership", "ownership is required: 'direct' or 'franchise'.");
        if (!missing.IsValid)
        {
            return Problems.Validation(missing);
        }

        var profile = new StoreProfile(
            storeId,
            request.Name?.Trim() ?? "",
            request.RegionId ?? "",
            request.Latitude!.Value,
            request.Longitude!.Value,
            request.OwnerAccountId ?? "",
            request.Ownership!.Value,
            request.CanShip ?? true,
            request.CanPickup ?? true);
        var validation = profile.Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        return TypedResults.Ok(await grains.GetGrain<IStoreGrain>(storeId).Define(profile));
    }

    public static async Task<Results<Ok<StoreProfile>, ProblemHttpResult>> GetStore(string storeId, IGrainFactory grains)
    {
        var profile = Validation.IsValidId(storeId) ? await grains.GetGrain<IStoreGrain>(storeId).GetProfile() : null;
        return profile is null
            ? Problems.NotFound(ErrorCodes.UnknownStore, $"Store '{storeId}' does not exist.")
            : TypedResults.Ok(profile);
    }

    public static async Task<Results<Ok<StoreCatalogEntry>, ValidationProblem>> PutCatalogEntry(string storeId, string sku, CatalogEntryRequest request, IGrainFactory grains)
    {
        var entry = new StoreCatalogEntry(sku, request.Price ?? 0, request.Promotion);
        var validation = entry.Validate().RequireId(storeId, "storeId");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        return TypedResults.Ok(await grains.GetGrain<IStoreGrain>(storeId).SetCatalogEntry(entry));
    }

    public static async Task<Results<Ok<StorePage>, ValidationProblem, ProblemHttpResult>> GetStorePage(
        string storeId, string? after, int? take, string? q, IGrainFactory grains)
    {
        if (!Validation.IsValidId(storeId))
        {
            return Problems.NotFound(ErrorCodes.UnknownStore, $"Store '{storeId}' does not exist.");
        }

        var search = q?.Trim();
        var validation = new Validation()
            .Require(search is null or { Length: >= 1 and <= StorePage.MaxSearchLength }, "q", $"q is 1-{StorePage.MaxSearchLength} characters to look for in the SKUs' names and ids.")
            .Require(after is null || Validation.IsValidId(after), "after", "after is a SKU: the page starts after it.")
            .Require(take is null or >= 1 and <= StorePage.MaxTake, "take", $"take is 1-{StorePage.MaxTake} (omit it for every SKU).");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        return TypedResults.Ok(await grains.GetGrain<IStoreGrain>(storeId).GetPage(after, take, search));
    }

    public static async Task<Results<Ok<StorePageItem>, ProblemHttpResult>> GetStorePageItem(string storeId, string sku, IGrainFactory grains)
    {
        if (!Validation.IsValidId(storeId))
        {
            return Problems.NotFound(ErrorCodes.UnknownStore, $"Store '{storeId}' does not exist.");
        }

        var item = Validation.IsValidId(sku) ? await grains.GetGrain<IStoreGrain>(storeId).GetPageItem(sku) : null;
        return item is null ? Problems.NotFound(ErrorCodes.UnknownSku, $"Store '{storeId}' does not sell SKU '{sku}'.") : TypedResults.Ok(item);
    }

    public static async Task<Results<Ok<ImmutableArray<NearbyStore>>, ValidationProblem>> GetNearestStores(
        [Required] string? regionId, [Required] double? latitude, [Required] double? longitude, int? take, IGrainFactory grains)
    {
        var validation = new Validation()
            .RequireId(regionId, "regionId")
            .Require(latitude is not null, "latitude", "latitude is required.")
            .Require(longitude is not null, "longitude", "longitude is required.")
            .Require(take is null or (>= 1 and <= MaxNearestTake), "take", $"take must be between 1 and {MaxNearestTake}.");
        if (latitude is not null && longitude is not null)
        {
            validation.RequirePosition(latitude.Value, longitude.Value);
        }

        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var nearest = await grains.GetGrain<IRegionGrain>(regionId!)
            .FindNearest(new GeoPoint(latitude!.Value, longitude!.Value), take ?? DefaultNearestTake);
        return TypedResults.Ok(nearest);
    }
}
