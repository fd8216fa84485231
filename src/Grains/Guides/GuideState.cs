using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>The guide's profile and rewards.</summary>
[GenerateSerializer, Alias("pd.GuideState")]
public sealed class GuideState
{
    [Id(0)]
    public GuideProfile? Profile { get; set; }

    /// <summary>Rewards (from PK targets, tasks).</summary>
    [Id(3)]
    public long Coins { get; set; }

    /// <summary>Awards already paid out, so a repeated award pays once.</summary>
    [Id(2)]
    public HashSet<string> Awards { get; set; } = [];

    public GuideState Copy() => new() { Profile = Profile, Coins = Coins, Awards = [.. Awards] };
}
