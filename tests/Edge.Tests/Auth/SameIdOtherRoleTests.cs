using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Auth;

/// <summary>
/// A user is a role and an id: a guide whose id is also some member's (a phone number, say) is not that member, and
/// the member is not the guide — neither through the API nor in what is pushed to them.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class SameIdOtherRoleTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AGuideCarryingAMembersId_SeesNeitherTheirOrdersNorTheirProfile()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var namesake = _app.ClientAs(shop.Member, Roles.Guide);
        var order = await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel);

        foreach (var path in new[] { $"/api/orders/{order.OrderId}", $"/api/members/{shop.Member}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(path, Cancel)).StatusCode);
            var refused = await namesake.GetAsync(path, Cancel);
            Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (refused.StatusCode, await refused.ProblemCodeAsync()));
        }
    }

    [Fact]
    public async Task AGuidesAlerts_AndAMembersOrderUpdates_ReachThatRoleOnly()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var heard = new List<string>();
        HubConnection Listening(string userId, string role)
        {
            var connection = _app.Connect(NotificationsHub.Path, userId, role);
            connection.On<GuideAlert>("GuideAlert", alert => { lock (heard) { heard.Add($"{role} {userId}: GuideAlert {alert.OrderId}"); } });
            connection.On<OrderUpdate>("OrderUpdate", update => { lock (heard) { heard.Add($"{role} {userId}: OrderUpdate {update.OrderId} {update.Status}"); } });
            return connection;
        }

        await using var member = Listening(shop.Member, Roles.Member);
        await using var guideNamedLikeTheMember = Listening(shop.Member, Roles.Guide);
        await using var guide = Listening(shop.DirectGuide, Roles.Guide);
        await using var memberNamedLikeTheGuide = Listening(shop.DirectGuide, Roles.Member);
        foreach (var connection in new[] { member, guideNamedLikeTheMember, guide, memberNamedLikeTheGuide })
        {
            await connection.StartRegisteredAsync(Cancel);
        }

        using var buyer = _app.ClientAs(shop.Member, Roles.Member);
        var order = await buyer.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel);
        string[] expected = [$"member {shop.Member}: OrderUpdate {order.OrderId} Paid", $"guide {shop.DirectGuide}: GuideAlert {order.OrderId}"];
        bool HeardAll()
        {
            lock (heard)
            {
                return expected.All(heard.Contains);
            }
        }

        await Eventually.True(HeardAll, cancellationToken: Cancel);
        await Task.Delay(300, Cancel); // what the namesakes would have heard came with the rest

        lock (heard)
        {
            Assert.Equal(expected.Order(StringComparer.Ordinal), heard.Order(StringComparer.Ordinal));
        }
    }
}
