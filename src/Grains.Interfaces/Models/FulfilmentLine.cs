using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Units a store must ship or hand over, from one confirmed reservation.</summary>
[GenerateSerializer, Immutable, Alias("pd.FulfilmentLine")]
public sealed record FulfilmentLine(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] string Sku,
    [property: Id(2)] int Quantity,
    [property: Id(3)] FulfilmentMode Mode,
    [property: Id(4)] string? OrderId,
    [property: Id(5)] DateTimeOffset ConfirmedAt)
{
    /// <summary>
    /// The line's identity in its store's queue. A reservation id is one SKU-region pool's, so two members' "r-1" for two
    /// SKUs are two reservations, and both may ship from one store.
    /// </summary>
    [JsonIgnore]
    public string LineId => IdOf(Sku, ReservationId);

    /// <summary>Lines of one order are handled together; a reservation made without an order stands alone.</summary>
    public string FulfilmentId => OrderId ?? LineId;

    public static string IdOf(string sku, string reservationId) => $"{sku}/{reservationId}";
}
