using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>Every hub call spends from its connection's budget (<c>LiveEdge:InvocationsPerSecond</c>, bursts of twice that).</summary>
public sealed class CallBudgetTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void ABudget_AllowsABurstOfTwiceItsRate_ThenRefuses()
    {
        var budget = new CallBudget(perSecond: 3, new FakeTimeProvider());

        var taken = Enumerable.Range(0, 7).Select(_ => budget.TryTake()).ToArray();

        Assert.Equal([true, true, true, true, true, true, false], taken);
    }

    [Fact]
    public void ABudget_RefillsAtItsRate_AndNeverBeyondItsBurst()
    {
        var clock = new FakeTimeProvider();
        var budget = new CallBudget(perSecond: 2, clock);
        while (budget.TryTake())
        {
        }

        clock.Advance(TimeSpan.FromMilliseconds(499));
        var beforeHalfASecond = budget.TryTake();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var atHalfASecond = budget.TryTake();
        clock.Advance(TimeSpan.FromHours(1));
        var afterAnHour = Enumerable.Range(0, 5).Count(_ => budget.TryTake());

        Assert.False(beforeHalfASecond);
        Assert.True(atHalfASecond);
        Assert.Equal(4, afterAnHour);
    }

    [Fact]
    public async Task AConnectionPastItsBudget_IsRefusedWithRateLimited_TheRefusedCallChangesNothing_AndAnotherConnectionIsServed()
    {
        // The room's own comment limit set out of the way, so the connection's budget is the only limit met.
        await using var app = new EdgeApplication(new Dictionary<string, string?>
        {
            ["LiveEdge:InvocationsPerSecond"] = "1",
            ["LiveRooms:CommentsPerSecond"] = "100",
            ["LiveRooms:CommentBurst"] = "100",
        });
        var shop = await DemoShop.CreateAsync(app, Cancel);
        var roomId = await shop.StartLiveRoomAsync(app, Cancel);
        await using var viewer = app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await viewer.StartAsync(Cancel);
        await viewer.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel); // one call of the burst: a comment comes from the room

        // Calls until the first refusal: the rest of the burst of two, plus whatever a slow machine lets the budget refill meanwhile.
        var sent = new List<string>();
        HubException? refused = null;
        while (refused is null && sent.Count < 30)
        {
            var text = $"comment {sent.Count}";
            try
            {
                await viewer.InvokeAsync<CommentPosted>("SendComment", roomId, TestIds.New("c"), text, Cancel);
                sent.Add(text);
            }
            catch (HubException ex)
            {
                refused = ex;
            }
        }

        await using var second = app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await second.StartAsync(Cancel);
        var joined = await second.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel);

        // A snapshot holds the comments the room has sent out in a batch: wait for the batch, then compare.
        using var ops = app.ClientAs("ops-1", Roles.Ops);
        RoomSnapshot? shown = null;
        await Eventually.True(async () =>
            (shown = await ops.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel))!.RecentComments.Length >= sent.Count, cancellationToken: Cancel);

        Assert.NotNull(refused);
        Assert.Contains($"HubException: {EdgeErrorCodes.RateLimited}:", refused.Message, StringComparison.Ordinal);
        Assert.InRange(sent.Count, 1, 29); // the burst of two less the join, and what a slow machine lets refill
        Assert.Equal(roomId, joined.RoomId);
        Assert.Equal(sent, shown!.RecentComments.Select(c => c.Text));
    }
}
