using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>
/// Reads a member's order list: the ids from <see cref="IMemberOrderStore"/> (written by each order as it is placed),
/// each order from its own grain. It holds nothing, so any silo may answer.
/// </summary>
[StatelessWorker]
public sealed class MemberOrdersGrain(IMemberOrderStore store) : Grain, IMemberOrdersGrain
{
    public async Task<MemberOrderPage?> List(string? liveRoomId, string? before, int take)
    {
        // One more than asked says whether another page follows.
        if (await store.ReadAsync(this.GetPrimaryKeyString(), liveRoomId, before, take + 1) is not { } ids)
        {
            return null;
        }

        var page = ids.Take(take).ToList();
        var orders = await Task.WhenAll(page.Select(id => GrainFactory.GetGrain<IOrderGrain>(id).Get()));

        // An order whose placement failed at its own write may be listed without existing: it is left out.
        return new MemberOrderPage([.. orders.OfType<Order>()], ids.Count > take ? page[^1] : null);
    }
}
