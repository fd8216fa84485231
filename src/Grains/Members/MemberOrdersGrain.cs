using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>
/// Reads a member's order list: the ids from <see cref="IMemberOrderStore"/> (written by each order as it is placed),
/// each order from its own grain. It holds nothing, so any silo may answer.
/// </summary>
[StatelessWorker]
public sealed class MemberOrdersGrain(IMemberOrderStore store, IOptions<MemberOptions> options) : Grain, IMemberOrdersGrain
{
    private string MemberId => this.GetPrimaryKeyString();

    public async Task<MemberOrderPage?> List(string? liveRoomId, string? before, int take, OrderStatus[]? statuses = null)
    {
        if (statuses is { Length: > 0 })
        {
            return await ListIn(statuses, liveRoomId, before, take);
        }

        // One more than asked says whether another page follows.
        if (await store.ReadAsync(MemberId, liveRoomId, before, take + 1) is not { } ids)
        {
            return null;
        }

        var page = ids.Take(take).ToList();
        return new MemberOrderPage([.. (await Read(page)).OfType<Order>()], ids.Count > take ? page[^1] : null);
    }

    /// <summary>
    /// The member's orders in <paramref name="statuses"/>, read a page of the list at a time until <paramref name="take"/>
    /// of them and one more are found, the list ends, or <see cref="MemberOptions.OrderStatusScan"/> orders were read:
    /// then the page goes on from the last one read.
    /// </summary>
    private async Task<MemberOrderPage?> ListIn(OrderStatus[] statuses, string? liveRoomId, string? before, int take)
    {
        var scanLimit = options.Value.OrderStatusScan;
        var found = new List<Order>();
        var (after, scanned) = (before, 0);

        // Each order read is a grain call (an activation, for an old one): first as many as an unfiltered page reads,
        // enough when most match; then twice as many each round, for a status that matches few.
        var round = Math.Min(take + 1, MemberOrderPage.MaxTake);
        while (scanned < scanLimit)
        {
            var chunk = Math.Min(round, scanLimit - scanned);
            round = Math.Min(round * 2, MemberOrderPage.MaxTake);
            if (await store.ReadAsync(MemberId, liveRoomId, after, chunk) is not { } ids)
            {
                return null;
            }

            foreach (var (id, order) in ids.Zip(await Read(ids)))
            {
                if (order is not null && statuses.Contains(order.Status))
                {
                    if (found.Count == take)
                    {
                        return new MemberOrderPage([.. found], found[^1].OrderId);
                    }

                    found.Add(order);
                }

                (after, scanned) = (id, scanned + 1);
            }

            if (ids.Count < chunk)
            {
                return new MemberOrderPage([.. found], Next: null);
            }
        }

        return new MemberOrderPage([.. found], after);
    }

    // An order whose placement failed at its own write may be listed without existing: it reads as null.
    private Task<Order?[]> Read(IEnumerable<string> orderIds) => Task.WhenAll(orderIds.Select(id => GrainFactory.GetGrain<IOrderGrain>(id).Get()));
}
