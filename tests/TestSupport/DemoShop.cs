using System.Net.Http.Json;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.TestSupport;

/// <summary>A small brand set up through the public API: a region, a direct and a franchise store (its owner account <c>Dealer</c>), a SKU stocked in both, a guide per store, a member bound to the first guide.</summary>
public sealed record DemoShop(string RegionId, string DirectStore, string FranchiseStore, string Dealer, string Sku, long Price, string DirectGuide, string FranchiseGuide, string Member)
{
    public static async Task<DemoShop> CreateAsync(EdgeApplication app, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var shop = new DemoShop($"sh-{id}", $"nanjing-{id}", $"xujiahui-{id}", $"dealer-{id}", $"serum-{id}", 32_900, $"g1-{id}", $"g2-{id}", $"m-{id}");
        using var ops = app.ClientAs("ops-setup", Roles.Ops);
        await Put(ops, $"/api/regions/{shop.RegionId}", new { name = "Shanghai" }, cancellationToken);
        await Put(ops, $"/api/stores/{shop.DirectStore}", new { name = "Nanjing Road East", regionId = shop.RegionId, latitude = 31.2352, longitude = 121.4800, ownerAccountId = "brand", ownership = "direct" }, cancellationToken);
        await Put(ops, $"/api/stores/{shop.FranchiseStore}", new { name = "Xujiahui", regionId = shop.RegionId, latitude = 31.1955, longitude = 121.4366, ownerAccountId = shop.Dealer, ownership = "franchise" }, cancellationToken);
        await Put(ops, $"/api/skus/{shop.Sku}", new { name = "Hydrating Serum 30ml", listPrice = shop.Price }, cancellationToken);
        await Put(ops, $"/api/stores/{shop.DirectStore}/stock/{shop.Sku}", new { onHand = 20 }, cancellationToken);
        await Put(ops, $"/api/stores/{shop.FranchiseStore}/stock/{shop.Sku}", new { onHand = 20 }, cancellationToken);
        await Put(ops, $"/api/guides/{shop.DirectGuide}", new { name = "Li Fang", storeId = shop.DirectStore, teamId = "team-a" }, cancellationToken);
        await Put(ops, $"/api/guides/{shop.FranchiseGuide}", new { name = "Wang Min", storeId = shop.FranchiseStore, teamId = "team-a" }, cancellationToken);
        using var member = app.ClientAs(shop.Member, Roles.Member);
        await Put(member, $"/api/members/{shop.Member}", new { name = "Chen Jing" }, cancellationToken);
        (await member.PostAsJsonAsync($"/api/members/{shop.Member}/guide", new { guideId = shop.DirectGuide }, cancellationToken)).EnsureSuccessStatusCode();
        return shop;
    }

    public object Order(string orderId, int quantity = 1, string? memberId = null, string? couponId = null) => new
    {
        orderId,
        couponId,
        memberId = memberId ?? Member,
        regionId = RegionId,
        storeId = DirectStore,
        lines = new[] { new { sku = Sku, quantity } },
        mode = "ship",
        latitude = 31.2323,
        longitude = 121.4735,
    };

    /// <summary>An order of the member's to pick up at <paramref name="storeId"/>, entering there.</summary>
    public object PickUp(string orderId, string storeId, int quantity = 1) => new
    {
        orderId,
        memberId = Member,
        regionId = RegionId,
        storeId,
        lines = new[] { new { sku = Sku, quantity } },
        mode = "pickup",
        pickupStoreId = storeId,
        latitude = 31.2323,
        longitude = 121.4735,
    };

    /// <summary>A six-digit pick-up code none of <paramref name="orders"/> has.</summary>
    public static string PickupCodeOtherThan(params Order[] orders) =>
        Enumerable.Range(0, 1_000_000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .First(code => orders.All(order => order.PickupCode != code));

    /// <summary>A live room of the direct store's guide, selling the SKU, created and started through the API; its id.</summary>
    public async Task<string> StartLiveRoomAsync(EdgeApplication app, CancellationToken cancellationToken)
    {
        var roomId = $"room-{Guid.NewGuid():N}"[..17];
        using var host = app.ClientAs(DirectGuide, Roles.Guide);
        (await host.PostAsJsonAsync("/api/live-rooms", new { roomId, guideId = DirectGuide, title = "Serum week", regionId = RegionId, shelf = new[] { Sku } }, cancellationToken))
            .EnsureSuccessStatusCode();
        (await host.PostAsync($"/api/live-rooms/{roomId}/start", null, cancellationToken)).EnsureSuccessStatusCode();
        return roomId;
    }

    /// <summary>A PK on orders between the two guides (a target of ten each), running since a minute ago, created through the API; its id.</summary>
    public async Task<string> StartOrdersPkAsync(EdgeApplication app, CancellationToken cancellationToken)
    {
        var pkId = $"pk-{Guid.NewGuid():N}"[..15];
        using var ops = app.ClientAs("ops-setup", Roles.Ops);
        (await ops.PostAsJsonAsync("/api/pk", new
        {
            pkId,
            title = "Orders PK",
            metric = "orders",
            participants = new[] { new { id = DirectGuide, kind = "guide", target = 10 }, new { id = FranchiseGuide, kind = "guide", target = 10 } },
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(2),
        }, cancellationToken)).EnsureSuccessStatusCode();
        return pkId;
    }

    private static async Task Put(HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        var response = await client.PutAsJsonAsync(path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
