using System.Net.Http.Json;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.TestSupport;

/// <summary>What a member's client does in many tests, through the API.</summary>
public static class MemberCalls
{
    /// <summary>Places the order (a <c>POST /api/orders</c> body) and pays its total; the paid order.</summary>
    public static async Task<Order> PlaceAndPayAsync(this HttpClient member, object order, CancellationToken cancellationToken)
    {
        var placed = await (await member.PostAsJsonAsync("/api/orders", order, cancellationToken)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Order>(cancellationToken);
        var paid = await member.PostAsJsonAsync(
            $"/api/orders/{placed!.OrderId}/pay", new { paymentId = $"pay-{placed.OrderId}", amount = placed.Total }, cancellationToken);
        return (await paid.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Order>(cancellationToken))!;
    }
}
