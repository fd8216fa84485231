using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Scoring;

[GenerateSerializer, Alias("pd.PkState")]
public sealed class PkState
{
    [Id(0)]
    public CreatePk? Definition { get; set; }

    // Ids 1 and 2 held the counted event ids and the scores; both are now the PK's points (IPkPointStore).

    /// <summary>Participants that reached their target (rewarded once).</summary>
    [Id(3)]
    public HashSet<string> Reached { get; set; } = [];

    /// <summary>Guides whose reward is still to be paid (kept until the guide acknowledged it).</summary>
    [Id(4)]
    public HashSet<string> RewardsDue { get; set; } = [];

    /// <summary>Set once, when the PK settles: the board is final from then on.</summary>
    [Id(5)]
    public bool Ended { get; set; }

    [Id(6)]
    public long Seq { get; set; }

    /// <summary>The participants' names as they were when the PK was created (a PK created before names were kept has none).</summary>
    [Id(7)]
    public Dictionary<string, string> Names { get; set; } = [];

    /// <summary>
    /// The scores when the PK settled. The board shows these from then on: points of a report still being stored at that
    /// moment may land in the point store afterwards, and must not change the result on a later activation.
    /// </summary>
    [Id(8)]
    public Dictionary<string, long>? FinalScores { get; set; }

    public PkState Copy() => new()
    {
        Definition = Definition,
        Reached = [.. Reached],
        RewardsDue = [.. RewardsDue],
        Ended = Ended,
        Seq = Seq,
        Names = Names,
        FinalScores = FinalScores,
    };
}
