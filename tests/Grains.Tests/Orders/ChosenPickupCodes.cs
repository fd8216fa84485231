using System.Collections.Concurrent;
using PrivateDomain.Realtime.Grains.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

/// <summary>Random pick-up codes, except for the orders a test chose one for (to make two share a code).</summary>
public sealed class ChosenPickupCodes : IPickupCodes
{
    private readonly RandomPickupCodes _random = new();

    public ConcurrentDictionary<string, string> Chosen { get; } = new(StringComparer.Ordinal);

    public string For(string orderId) => Chosen.TryGetValue(orderId, out var code) ? code : _random.For(orderId);
}
