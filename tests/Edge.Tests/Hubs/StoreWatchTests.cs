using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>
/// A store's staff watch its fulfilment queue on <c>/hubs/notifications</c> (<c>WatchStore</c>, <c>StoreAlert</c>), and a
/// franchisee all its stores' (<c>WatchAccount</c>).
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class StoreWatchTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStoresGuidesAndOperatorsWatchingIt_HearOnceOfAnOrderItIsToHandOver_WhoeverTheMembersGuideIs()
    {
        // The member is the direct store's guide's customer; the order is picked up at the franchise store.
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var storeGuide = _app.Connect(NotificationsHub.Path, shop.FranchiseGuide, Roles.Guide);
        await using var ops = _app.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        await using var membersGuide = _app.Connect(NotificationsHub.Path, shop.DirectGuide, Roles.Guide);
        await using var franchisee = _app.Connect(NotificationsHub.Path, shop.Dealer, Roles.Dealer);
        var heard = ListenForStoreAlerts(storeGuide, ops, membersGuide, franchisee);

        await Task.WhenAll(storeGuide.StartAsync(Cancel), ops.StartAsync(Cancel), membersGuide.StartAsync(Cancel), franchisee.StartAsync(Cancel));
        await storeGuide.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel);
        await franchisee.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel);
        await ops.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel);
        await membersGuide.InvokeAsync("WatchStore", shop.DirectStore, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);

        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        await Eventually.True(() => heard(storeGuide).Count == 1 && heard(ops).Count == 1, cancellationToken: Cancel);
        Assert.Equal((shop.FranchiseStore, 1, 1), (heard(ops)[0].StoreId, heard(ops)[0].Added, heard(ops)[0].Waiting));

        // Unwatched: nothing more for the operator; the store's guide hears the next one (after the store's interval).
        await ops.InvokeAsync("UnwatchStore", Cancel);
        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        await Eventually.True(() => heard(storeGuide).Count == 2, TimeSpan.FromSeconds(10), Cancel);
        await Task.Delay(300, Cancel);

        Assert.Equal([1, 2], heard(storeGuide).Select(a => a.Waiting));
        Assert.Equal([1, 2], heard(franchisee).Select(a => a.Waiting));
        Assert.Single(heard(ops));
        Assert.Empty(heard(membersGuide)); // its own store fulfils none of it; the order-paid alert is a GuideAlert
    }

    [Fact]
    public async Task AFranchiseeWhoSoldTheStore_AndAGuideMovedToAnotherStore_AreToldTheirWatchEnded_AndHearNoMoreOfIt_WhileItsNewOwnerDoes()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var buyer = TestIds.New("dealer");
        await using var oldOwner = _app.Connect(NotificationsHub.Path, shop.Dealer, Roles.Dealer);
        await using var movedGuide = _app.Connect(NotificationsHub.Path, shop.FranchiseGuide, Roles.Guide);
        await using var newOwner = _app.Connect(NotificationsHub.Path, buyer, Roles.Dealer);
        await using var ops = _app.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        var heard = ListenForStoreAlerts(oldOwner, movedGuide, newOwner, ops);
        var ended = new[] { oldOwner, movedGuide, ops }.ToDictionary(c => c, c =>
        {
            var told = new List<StoreWatchEnded>();
            c.On<StoreWatchEnded>("StoreWatchEnded", e => { lock (told) { told.Add(e); } });
            return told;
        });
        List<StoreWatchEnded> Ended(HubConnection connection)
        {
            lock (ended[connection])
            {
                return [.. ended[connection]];
            }
        }

        await Task.WhenAll(new[] { oldOwner, movedGuide, newOwner, ops }.Select(c => c.StartAsync(Cancel)));
        await oldOwner.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel);
        await movedGuide.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel);
        await ops.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel);
        using var opsClient = _app.ClientAs("ops-1", Roles.Ops);
        var store = await opsClient.GetFromJsonAsync<StoreProfile>($"/api/stores/{shop.FranchiseStore}", Cancel);

        // Sold on, and its guide moved to the brand's store: both answer once neither watches it any more.
        (await opsClient.PutAsJsonAsync($"/api/stores/{shop.FranchiseStore}", new
        {
            name = store!.Name, regionId = shop.RegionId, latitude = store.Latitude, longitude = store.Longitude,
            ownerAccountId = buyer, ownership = "franchise",
        }, Cancel)).EnsureSuccessStatusCode();
        (await opsClient.PutAsJsonAsync($"/api/guides/{shop.FranchiseGuide}", new { name = "Wang Min", storeId = shop.DirectStore, teamId = "team-a" }, Cancel))
            .EnsureSuccessStatusCode();
        await newOwner.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);

        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        await Eventually.True(() => heard(newOwner).Count == 1 && heard(ops).Count == 1, cancellationToken: Cancel);
        await Task.Delay(300, Cancel);

        Assert.Equal((0, 0), (heard(oldOwner).Count, heard(movedGuide).Count));
        Assert.Equal([new StoreWatchEnded(shop.FranchiseStore)], Ended(oldOwner));
        Assert.Equal([new StoreWatchEnded(shop.FranchiseStore)], Ended(movedGuide));
        Assert.Empty(Ended(ops)); // an operator may watch any store
        foreach (var refused in new[] { oldOwner, movedGuide })
        {
            var error = await Assert.ThrowsAsync<HubException>(() => refused.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel));
            Assert.Contains("HubException: forbidden: ", error.Message);
        }
    }

    [Fact]
    public async Task AFranchiseeWatchingItsAccount_HearsItsStoresAlertsOnce_AsDoesAnOperatorNamingIt_UntilItWatchesAStoreInstead()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var franchisee = _app.Connect(NotificationsHub.Path, shop.Dealer, Roles.Dealer);
        await using var ops = _app.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        var heard = ListenForStoreAlerts(franchisee, ops);

        await Task.WhenAll(franchisee.StartAsync(Cancel), ops.StartAsync(Cancel));
        await franchisee.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel); // then its account instead: one or the other
        await franchisee.InvokeAsync("WatchAccount", shop.Dealer, Cancel);
        await ops.InvokeAsync("WatchAccount", shop.Dealer, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);

        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        await Eventually.True(() => heard(franchisee).Count == 1 && heard(ops).Count == 1, cancellationToken: Cancel);

        // Back to the store alone: the store's alert still comes, once.
        await franchisee.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel);
        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        await Eventually.True(() => heard(franchisee).Count == 2 && heard(ops).Count == 2, TimeSpan.FromSeconds(10), Cancel);
        await Task.Delay(300, Cancel);

        Assert.Equal([(shop.FranchiseStore, 1), (shop.FranchiseStore, 2)], heard(franchisee).Select(a => (a.StoreId, a.Waiting)));
        Assert.Equal(heard(franchisee), heard(ops));
    }

    [Fact]
    public async Task WatchingAnAccount_IsForItsOwnFranchiseeAndOperators()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var member = _app.Connect(NotificationsHub.Path, shop.Member, Roles.Member);
        await using var guide = _app.Connect(NotificationsHub.Path, shop.FranchiseGuide, Roles.Guide);
        await using var otherDealer = _app.Connect(NotificationsHub.Path, TestIds.New("dealer"), Roles.Dealer);
        await using var ops = _app.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        await Task.WhenAll(member.StartAsync(Cancel), guide.StartAsync(Cancel), otherDealer.StartAsync(Cancel), ops.StartAsync(Cancel));

        foreach (var (connection, accountId, code) in new[]
                 {
                     (member, shop.Dealer, "forbidden"), (guide, shop.Dealer, "forbidden"), (otherDealer, shop.Dealer, "forbidden"),
                     (ops, "not an account id", ErrorCodes.ValidationFailed),
                 })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchAccount", accountId, Cancel));
            Assert.Contains($"HubException: {code}: ", refused.Message);
        }
    }

    [Fact]
    public async Task WatchingAStore_IsForItsOwnGuidesFranchiseeAndOperators_AndAStoreThatExists()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var member = _app.Connect(NotificationsHub.Path, shop.Member, Roles.Member);
        await using var otherGuide = _app.Connect(NotificationsHub.Path, shop.FranchiseGuide, Roles.Guide);
        await using var ops = _app.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        await using var franchisee = _app.Connect(NotificationsHub.Path, shop.Dealer, Roles.Dealer);
        await using var brand = _app.Connect(NotificationsHub.Path, "brand", Roles.Dealer); // the direct store's owner is the brand, no franchisee
        await Task.WhenAll(member.StartAsync(Cancel), otherGuide.StartAsync(Cancel), ops.StartAsync(Cancel), franchisee.StartAsync(Cancel), brand.StartAsync(Cancel));

        foreach (var (connection, storeId, code) in new[]
                 {
                     (member, shop.DirectStore, "forbidden"), (otherGuide, shop.DirectStore, "forbidden"),
                     (franchisee, shop.DirectStore, "forbidden"), (brand, shop.DirectStore, "forbidden"),
                     (ops, "not a store id", ErrorCodes.ValidationFailed), (ops, TestIds.New("st"), ErrorCodes.UnknownStore),
                 })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchStore", storeId, Cancel));
            Assert.Contains($"HubException: {code}: ", refused.Message);
        }
    }

    /// <summary>Collects the <c>StoreAlert</c>s each connection hears; the answer reads what one has heard so far.</summary>
    private static Func<HubConnection, List<StoreAlert>> ListenForStoreAlerts(params HubConnection[] connections)
    {
        var heard = connections.ToDictionary(c => c, c =>
        {
            var alerts = new List<StoreAlert>();
            c.On<StoreAlert>("StoreAlert", alert => { lock (alerts) { alerts.Add(alert); } });
            return alerts;
        });
        return connection =>
        {
            lock (heard[connection])
            {
                return [.. heard[connection]];
            }
        };
    }
}
