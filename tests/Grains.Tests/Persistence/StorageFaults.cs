using System.Collections.Concurrent;
using Orleans.Storage;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Grains.Tests.Persistence;

/// <summary>Storage failures a test asks for, as a database blip would cause them; none unless asked.</summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<string, byte> _failNextFactSave = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(GrainId Grain, string State), byte> _loseNextWriteAnswer = new();

    /// <summary>The next save of the leaderboards' facts that carries this subject fails, storing nothing.</summary>
    public void FailNextFactSaveOf(string subjectId) => _failNextFactSave[subjectId] = 0;

    /// <summary>The next write of this grain state lands, but its caller is told it failed (the answer was lost).</summary>
    public void LoseNextWriteAnswer(GrainId grain, string stateName) => _loseNextWriteAnswer[(grain, stateName)] = 0;

    internal bool FailsFactSave(IEnumerable<ScoreFact> facts) => facts.Any(f => _failNextFactSave.TryRemove(f.Id, out _));

    internal bool LosesWriteAnswer(GrainId grain, string stateName) => _loseNextWriteAnswer.TryRemove((grain, stateName), out _);

    internal static IOException Failure(string what) => new($"Injected failure: {what}.");
}

/// <summary>The silo's real (in-memory) fact store, with the failures <see cref="StorageFaults"/> asks for.</summary>
internal sealed class FlakyScoreFactStore(IScoreFactStore inner, StorageFaults faults) : IScoreFactStore
{
    public Task SaveAsync(string boardsId, IReadOnlyCollection<ScoreFact> facts, CancellationToken cancellationToken = default) =>
        faults.FailsFactSave(facts)
            ? Task.FromException(StorageFaults.Failure("the score fact store is unreachable"))
            : inner.SaveAsync(boardsId, facts, cancellationToken);

    public Task<IReadOnlyList<ScoreFact>> LoadAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default) =>
        inner.LoadAsync(boardsId, day, cancellationToken);

    public Task ForgetBeforeAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default) =>
        inner.ForgetBeforeAsync(boardsId, day, cancellationToken);
}

/// <summary>The silo's real (in-memory) grain storage, with the failures <see cref="StorageFaults"/> asks for.</summary>
internal sealed class FlakyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!faults.LosesWriteAnswer(grainId, stateName))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        // Stored, but the grain hears of a failure and keeps its old ETag: its next write of this state would conflict.
        var etag = grainState.ETag;
        await inner.WriteStateAsync(stateName, grainId, grainState);
        grainState.ETag = etag;
        throw StorageFaults.Failure("the answer to a state write was lost");
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
