using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Inventory;

namespace PrivateDomain.Realtime.Grains.Orders;

/// <summary>
/// What <see cref="OrderOptions"/> needs of another section: an order's reservations last its payment window and
/// <see cref="OrderOptions.ConfirmGrace"/>, and no reservation may last longer than <c>Inventory:MaxReservationTtl</c>.
/// </summary>
public sealed class OrderWindowValidation(IOptions<InventoryOptions> inventory) : IValidateOptions<OrderOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderOptions options) =>
        options.PaymentTtl + options.ConfirmGrace <= inventory.Value.MaxReservationTtl
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Orders:PaymentTtl ({options.PaymentTtl}) plus Orders:ConfirmGrace ({options.ConfirmGrace}) must be at most "
                + $"Inventory:MaxReservationTtl ({inventory.Value.MaxReservationTtl}): an order's reservations last that long.");
}
