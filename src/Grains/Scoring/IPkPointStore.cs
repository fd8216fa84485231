namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// Append-only storage of the points each PK counted, one row per event: storing an event costs the same however many
/// the PK already counted (its state had carried every counted event id, rewritten on each of ~10 reports a second).
/// Each event is stored at most once per PK (a new customer once per participant: <see cref="PkGrain"/> names the
/// point by both), and the scores are the sums of what is stored.
/// </summary>
public interface IPkPointStore
{
    /// <summary>Stores the points and returns those it stored; an event already stored for the PK, or repeated within the batch, is not.</summary>
    Task<IReadOnlyList<PkPoint>> AppendAsync(string pkId, IReadOnlyList<PkPoint> points, CancellationToken cancellationToken = default);

    /// <summary>The PK's score per participant: the sums of its stored points.</summary>
    Task<IReadOnlyDictionary<string, long>> ReadScoresAsync(string pkId, CancellationToken cancellationToken = default);
}
