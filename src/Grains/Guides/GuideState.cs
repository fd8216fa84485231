using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>The guide's profile, tasks and rewards.</summary>
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

    /// <summary>Tasks from headquarters, by task id (<see cref="GuideTasks"/>: a few at a time, ended ones forgotten after 30 days).</summary>
    [Id(4)]
    public Dictionary<string, GuideTaskRecord> Tasks { get; set; } = new(StringComparer.Ordinal);

    public GuideState Copy() => new()
    {
        Profile = Profile, Coins = Coins, Awards = [.. Awards],
        Tasks = Tasks.ToDictionary(t => t.Key, t => t.Value.Copy(), StringComparer.Ordinal),
    };
}
