using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>The <c>reason</c> of a reserve ledger line records the fulfilment mode.</summary>
internal static class ReserveReasons
{
    public const string Ship = "ship";
    public const string Pickup = "pickup";

    public static string For(FulfilmentMode mode) => mode == FulfilmentMode.Pickup ? Pickup : Ship;
}
