using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A PK competition (key: PK id): participants, targets, a window kept by reminders, scores, rewards and the result.</summary>
[Alias("pd.IPkGrain")]
public interface IPkGrain : IGrainWithStringKey
{
    /// <summary>Creates the PK; the same definition again is the same PK, a different one <c>pk-conflict</c>.</summary>
    [Alias("Create")]
    Task<PkUpdate> Create(CreatePk pk);

    [ReadOnly, Alias("Get")]
    Task<PkUpdate?> Get();

    /// <summary>Events from an aggregator flush; each counts once (by id) if it falls in the window; stored before it returns.</summary>
    [Alias("Apply")]
    Task Apply(ImmutableArray<ScoreEvent> events);

    [Alias("Watch")]
    Task Watch(string edgeId, IScoreboardObserver edge, int watchers);
}
