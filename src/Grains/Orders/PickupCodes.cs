using System.Globalization;
using System.Security.Cryptography;

namespace PrivateDomain.Realtime.Grains.Orders;

/// <summary>
/// Issues the six-digit code a member shows to pick an order up. A service rather than a line in the order, so a test
/// can make two orders share a code, as chance will among a busy store's waiting pick-ups.
/// </summary>
public interface IPickupCodes
{
    string For(string orderId);
}

/// <summary>Random codes, from the cryptographic generator: a member must not be able to guess another's.</summary>
public sealed class RandomPickupCodes : IPickupCodes
{
    public string For(string orderId) => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
}
