using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Inventory;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// What <see cref="LiveRoomOptions"/> needs of another section: a flash sale's units are one pool reservation, taken
/// for <c>Inventory:MaxReservationTtl</c>, and the sale closes <see cref="LiveRoomOptions.SaleCloseLead"/> before it
/// lapses; what is left between the two must be long enough to sell in.
/// </summary>
public sealed class FlashSaleWindowValidation(IOptions<InventoryOptions> inventory) : IValidateOptions<LiveRoomOptions>
{
    /// <summary>The shortest time a flash sale must be able to sell for.</summary>
    public static readonly TimeSpan ShortestSale = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, LiveRoomOptions options)
    {
        var longest = inventory.Value.MaxReservationTtl - options.SaleCloseLead;
        return longest >= ShortestSale
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Inventory:MaxReservationTtl ({inventory.Value.MaxReservationTtl}) must be at least LiveRooms:BuyTtl ({options.BuyTtl}) plus "
                + $"Orders:ConfirmGrace ({options.HoldGrace}) plus {(options.SaleCloseLead - options.HoldLifetime + ShortestSale).TotalMinutes:0.#} minutes: "
                + "a flash sale's units are one pool reservation, and the sale stops selling once an order bought then could outlive it.");
    }
}
