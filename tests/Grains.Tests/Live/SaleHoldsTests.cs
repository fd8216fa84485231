using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>A room's holds: known at once, lapsing in expiry order, forgotten an hour after they settle, read back by sale, a failed write reported once.</summary>
public sealed class SaleHoldsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly InMemorySaleHoldStore _store = new(Options.Create(new ClusterOptions { ClusterId = "holds-" + Guid.NewGuid().ToString("N"), ServiceId = "test" }));

    [Fact]
    public async Task Holds_LapseInExpiryOrder_AndOnlyOnceDue()
    {
        var holds = new SaleHolds("room-1", _store, () => { });
        await holds.Add(Hold("o-late", "sale-a", Now.AddMinutes(5)));
        await holds.Add(Hold("o-early", "sale-a", Now.AddMinutes(1)));
        await holds.Add(Hold("o-middle", "sale-b", Now.AddMinutes(3)));

        Assert.Empty(holds.TakeDue(Now));
        Assert.Equal(["o-early", "o-middle"], holds.TakeDue(Now.AddMinutes(3)));
        Assert.True(holds.AnyWaitingToLapse);
        Assert.Equal(["o-late"], holds.TakeDue(Now.AddHours(1)));
        Assert.False(holds.AnyWaitingToLapse);
        Assert.Equal(HoldStatus.Held, holds.Find("o-early")!.Status);
    }

    [Fact]
    public async Task ReadBack_GivesTheUnitsTakenBySale_WithoutReleasedHolds_AndQueuesOnlyThoseStillHeld()
    {
        var before = new SaleHolds("room-2", _store, () => { });
        await before.Add(Hold("o-held", "sale-a", Now.AddMinutes(1)));
        await before.Add(Hold("o-sold", "sale-a", Now.AddMinutes(1)));
        await before.Add(Hold("o-released", "sale-b", Now.AddMinutes(1)));
        await before.Update(before.Find("o-sold")! with { Status = HoldStatus.Sold });
        await before.Update(before.Find("o-released")! with { Status = HoldStatus.Released });

        var after = new SaleHolds("room-2", _store, () => { });
        var taken = await after.LoadAsync(Now, Cancel);

        Assert.Equal(["o-held", "o-sold"], taken["sale-a"].Select(h => h.OrderId).Order());
        Assert.Empty(taken["sale-b"]);
        Assert.Equal(HoldStatus.Released, after.Find("o-released")!.Status);
        Assert.Equal(["o-held"], after.TakeDue(Now.AddHours(1)));
    }

    [Fact]
    public async Task SettledHolds_LeaveMemory_AnHourAfterTheirExpiry_AndHeldOnesStay()
    {
        var holds = new SaleHolds("room-4", _store, () => { });
        var expiry = Now.AddMinutes(5);
        await holds.Add(Hold("o-sold", "sale-a", expiry));
        await holds.Add(Hold("o-lapsed", "sale-a", expiry));
        await holds.Add(Hold("o-later", "sale-a", expiry.AddHours(2)));
        await holds.Update(holds.Find("o-sold")! with { Status = HoldStatus.Sold });

        // At its expiry the room releases what is still held.
        Assert.Equal(["o-sold", "o-lapsed"], holds.TakeDue(expiry));
        await holds.Update(holds.Find("o-lapsed")! with { Status = HoldStatus.Released });

        holds.ForgetSettled(expiry + SaleHolds.RememberSettledFor - TimeSpan.FromSeconds(1));
        Assert.Equal(3, holds.Count);

        holds.ForgetSettled(expiry + SaleHolds.RememberSettledFor);
        Assert.Null(holds.Find("o-sold"));
        Assert.Null(holds.Find("o-lapsed"));
        Assert.Equal(HoldStatus.Held, holds.Find("o-later")!.Status);
    }

    [Fact]
    public async Task ReadBack_AfterAnHour_KeepsOnlyHeldAndRecentHolds_ButCountsEveryUnitTaken()
    {
        var before = new SaleHolds("room-5", _store, () => { });
        await before.Add(Hold("o-old-sold", "sale-a", Now));
        await before.Add(Hold("o-recent-sold", "sale-a", Now.AddMinutes(50)));
        await before.Add(Hold("o-held", "sale-a", Now.AddHours(2)));
        await before.Update(before.Find("o-old-sold")! with { Status = HoldStatus.Sold });
        await before.Update(before.Find("o-recent-sold")! with { Status = HoldStatus.Sold });

        var after = new SaleHolds("room-5", _store, () => { });
        var taken = await after.LoadAsync(Now.AddHours(1), Cancel);

        Assert.Equal(3, taken["sale-a"].Count());
        Assert.Null(after.Find("o-old-sold"));
        Assert.Equal(HoldStatus.Sold, after.Find("o-recent-sold")!.Status);
        Assert.Equal(HoldStatus.Held, after.Find("o-held")!.Status);

        after.ForgetSettled(Now.AddMinutes(50) + SaleHolds.RememberSettledFor);
        Assert.Null(after.Find("o-recent-sold"));
        Assert.Equal(1, after.Count);
    }

    [Fact]
    public async Task FailedWrite_FailsItsCallers_AndTellsTheRoomOnce()
    {
        var failures = 0;
        var holds = new SaleHolds("room-3", new FailingStore(), () => failures++);

        await Assert.ThrowsAsync<IOException>(() => holds.Add(Hold("o-1", "sale-a", Now)));
        await Assert.ThrowsAsync<IOException>(() => holds.Add(Hold("o-2", "sale-a", Now)));
        await Assert.ThrowsAsync<IOException>(holds.WhenAllDurable);
        Assert.Equal(1, failures);
    }

    [Fact]
    public async Task UnitsTakenByABuyer_CountHeldAndSoldButNotReleased_AndReadBackTheSame_EvenForHoldsLongForgotten()
    {
        var before = new SaleHolds("room-3", _store, () => { });
        await before.Add(Hold("o-1", "sale-a", Now.AddMinutes(1)) with { BuyerId = "m-1", Units = [new Allocation("store-1", 2, 0.5)] });
        await before.Add(Hold("o-2", "sale-a", Now.AddMinutes(1)) with { BuyerId = "m-1" });
        await before.Add(Hold("o-3", "sale-a", Now.AddMinutes(1)) with { BuyerId = "m-1" });
        await before.Add(Hold("o-4", "sale-b", Now.AddMinutes(1)) with { BuyerId = "m-1" });
        await before.Update(before.Find("o-2")! with { Status = HoldStatus.Sold });
        await before.Update(before.Find("o-3")! with { Status = HoldStatus.Released });
        await before.Update(before.Find("o-3")! with { Status = HoldStatus.Released });
        before.TakeDue(Now.AddMinutes(1));
        before.ForgetSettled(Now.AddHours(2));

        // Read back two hours later, when the sold hold is no longer kept in memory: it still counts.
        var after = new SaleHolds("room-3", _store, () => { });
        await after.LoadAsync(Now.AddHours(2), Cancel);

        Assert.Equal((3, 1), (before.TakenBy("sale-a", "m-1"), before.TakenBy("sale-b", "m-1")));
        Assert.Equal((3, 1, 0), (after.TakenBy("sale-a", "m-1"), after.TakenBy("sale-b", "m-1"), after.TakenBy("sale-a", "m-2")));
        Assert.Null(after.Find("o-2"));
    }

    private static SaleHold Hold(string orderId, string saleId, DateTimeOffset expiresAt) =>
        new(orderId, saleId, [new Allocation("store-1", 1, 0.5)], expiresAt, HoldStatus.Held, "buyer-1");

    private sealed class FailingStore : ISaleHoldStore
    {
        public Task WriteAsync(string roomId, IReadOnlyList<SaleHold> holds, CancellationToken cancellationToken = default) =>
            Task.FromException(new IOException("database unreachable"));

        public Task<IReadOnlyList<SaleHold>> ReadAsync(string roomId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SaleHold>>([]);
    }
}
