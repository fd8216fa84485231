using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// Where the leaderboards keep their facts: one row per subject and day, so a flush writes only the facts it changed
/// (a whole-state write of 10,000 guides' figures per flush cost half the silo's CPU at 5,000 sales/s).
/// </summary>
public interface IScoreFactStore
{
    /// <summary>
    /// Stores the facts, each under its subject and day. A fact already stored keeps the larger of each figure, so
    /// saving is idempotent and order-free, like the facts themselves. The facts' keys and days are distinct.
    /// </summary>
    Task SaveAsync(string boardsId, IReadOnlyCollection<ScoreFact> facts, CancellationToken cancellationToken = default);

    /// <summary>Every fact stored for the day, without events.</summary>
    Task<IReadOnlyList<ScoreFact>> LoadAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>Drops the facts of days before <paramref name="day"/>: the boards are today's, and guides keep their own days.</summary>
    Task ForgetBeforeAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default);
}
