using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

[GenerateSerializer, Alias("pd.GuideState")]
public sealed class GuideState
{
    [Id(0)]
    public GuideProfile? Profile { get; set; }

    /// <summary>Members who chose this guide as exclusive guide, and when.</summary>
    [Id(1)]
    public Dictionary<string, DateTimeOffset> Customers { get; set; } = [];

    [Id(2)]
    public Dictionary<DateOnly, GuideDay> Days { get; set; } = [];

    /// <summary>Rewards (from PK targets, tasks).</summary>
    [Id(3)]
    public long Coins { get; set; }

    public GuideState Copy() => new()
    {
        Profile = Profile,
        Customers = new Dictionary<string, DateTimeOffset>(Customers),
        Days = Days.ToDictionary(d => d.Key, d => d.Value.Copy()),
        Coins = Coins,
    };
}
