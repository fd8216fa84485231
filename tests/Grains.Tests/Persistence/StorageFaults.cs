using System.Collections.Concurrent;
using Orleans.Storage;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Grains.Stores;

namespace PrivateDomain.Realtime.Grains.Tests.Persistence;

/// <summary>Storage failures a test asks for, as a database blip would cause them; none unless asked.</summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<string, byte> _failNextFactSave = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(GrainId Grain, string State), byte> _loseNextWriteAnswer = new();
    private readonly ConcurrentDictionary<(GrainId Grain, string State), byte> _failNextWrite = new();
    private readonly ConcurrentDictionary<(GrainId Grain, string State), Task> _holdNextWrite = new();
    private readonly ConcurrentDictionary<string, byte> _loseNextAppendAnswer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failNextAppend = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _holdNextAppend = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _heldAppendReached = new(StringComparer.Ordinal);

    /// <summary>The next save of the leaderboards' facts that carries this subject fails, storing nothing.</summary>
    public void FailNextFactSaveOf(string subjectId) => _failNextFactSave[subjectId] = 0;

    /// <summary>The next write of this grain state lands, but its caller is told it failed (the answer was lost).</summary>
    public void LoseNextWriteAnswer(GrainId grain, string stateName) => _loseNextWriteAnswer[(grain, stateName)] = 0;

    /// <summary>The next write of this grain state fails, storing nothing.</summary>
    public void FailNextWrite(GrainId grain, string stateName) => _failNextWrite[(grain, stateName)] = 0;

    /// <summary>The next write of this grain state fails, or (<paramref name="answerLost"/>) lands with its answer lost.</summary>
    public void BreakNextWrite(GrainId grain, string stateName, bool answerLost)
    {
        if (answerLost)
        {
            LoseNextWriteAnswer(grain, stateName);
        }
        else
        {
            FailNextWrite(grain, stateName);
        }
    }

    /// <summary>The next write of this grain state waits until the returned source completes, then lands.</summary>
    public TaskCompletionSource HoldNextWrite(GrainId grain, string stateName)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holdNextWrite[(grain, stateName)] = release.Task;
        return release;
    }

    /// <summary>
    /// The next append to this owner's ledger (<c>guide/{id}</c>, <c>store/{id}</c>, <c>room/{id}</c>, <c>pk/{id}</c>,
    /// <c>holds/{roomId}</c>, <c>queue/{storeId}</c>, <c>customers/{guideId}</c>, <c>orders/{memberId}</c>, <c>pool/{sku}@{region}</c>) lands, but its caller is told it failed.
    /// The next to start: one already under way when this is asked is not it, however long the database takes with it.
    /// </summary>
    public void LoseNextAppendAnswer(string ownerId) => _loseNextAppendAnswer[ownerId] = 0;

    /// <summary>The next append to this owner's ledger fails, storing nothing.</summary>
    public void FailNextAppend(string ownerId) => _failNextAppend[ownerId] = 0;

    /// <summary>The next append to this owner's ledger fails, or (<paramref name="answerLost"/>) lands with its answer lost.</summary>
    public void BreakNextAppend(string ownerId, bool answerLost)
    {
        if (answerLost)
        {
            LoseNextAppendAnswer(ownerId);
        }
        else
        {
            FailNextAppend(ownerId);
        }
    }

    /// <summary>
    /// The next append to this owner's sales ledger (or sale hold store, stock ledger, PK point store or room list,
    /// <c>listing/{directoryId}</c>) waits until the returned source completes.
    /// </summary>
    public TaskCompletionSource HoldNextAppend(string ownerId)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holdNextAppend[ownerId] = release.Task;
        return release;
    }

    /// <summary>Completes when the append held by <see cref="HoldNextAppend"/> has reached storage and waits there.</summary>
    public Task HeldAppendReached(string ownerId) =>
        _heldAppendReached.GetOrAdd(ownerId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal Task HeldAppend(string ownerId)
    {
        if (!_holdNextAppend.TryRemove(ownerId, out var held))
        {
            return Task.CompletedTask;
        }

        _heldAppendReached.GetOrAdd(ownerId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return held;
    }

    internal bool FailsFactSave(IEnumerable<ScoreFact> facts) => facts.Any(f => _failNextFactSave.TryRemove(f.Id, out _));

    /// <summary>True until the write asked to fail by <see cref="FailNextWrite"/> has been tried (and failed).</summary>
    public bool WriteFailurePending(GrainId grain, string stateName) => _failNextWrite.ContainsKey((grain, stateName));

    /// <summary>True while a failure asked for with <see cref="FailNextAppend"/> has not yet met an append.</summary>
    public bool AppendFailurePending(string ownerId) => _failNextAppend.ContainsKey(ownerId);

    /// <summary>True while an answer asked to be lost with <see cref="LoseNextAppendAnswer"/> or <see cref="LoseNextWriteAnswer"/> has not yet been.</summary>
    public bool AnswerLossPending(string ownerId) => _loseNextAppendAnswer.ContainsKey(ownerId);

    public bool AnswerLossPending(GrainId grain, string stateName) => _loseNextWriteAnswer.ContainsKey((grain, stateName));

    /// <summary>True while a fault asked for with <see cref="BreakNextAppend"/> (either kind) has not yet met an append.</summary>
    public bool AppendFaultPending(string ownerId) => AppendFailurePending(ownerId) || AnswerLossPending(ownerId);

    /// <summary>True until the write held by <see cref="HoldNextWrite"/> has started (and waits).</summary>
    public bool WriteHoldPending(GrainId grain, string stateName) => _holdNextWrite.ContainsKey((grain, stateName));

    internal Task HeldWrite(GrainId grain, string stateName) =>
        _holdNextWrite.TryRemove((grain, stateName), out var held) ? held : Task.CompletedTask;

    internal bool FailsWrite(GrainId grain, string stateName) => _failNextWrite.TryRemove((grain, stateName), out _);

    internal bool LosesWriteAnswer(GrainId grain, string stateName) => _loseNextWriteAnswer.TryRemove((grain, stateName), out _);

    /// <summary>
    /// Runs an append to <paramref name="ownerId"/>'s store with whatever was asked for it: held, failed, or stored with
    /// its answer lost. Every fault is taken when the append starts, so one already under way is never the one meant.
    /// </summary>
    internal async Task<T> Append<T>(string ownerId, string store, Func<Task<T>> append)
    {
        await HeldAppend(ownerId);
        if (_failNextAppend.TryRemove(ownerId, out _))
        {
            throw Failure($"{store} is unreachable");
        }

        var answerLost = _loseNextAppendAnswer.TryRemove(ownerId, out _);
        var stored = await append();
        return answerLost ? throw Failure($"the answer to a write to {store} was lost") : stored;
    }

    internal Task Append(string ownerId, string store, Func<Task> append) =>
        Append(ownerId, store, async () =>
        {
            await append();
            return true;
        });

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

/// <summary>The silo's real (in-memory) sales ledger, with the failures <see cref="StorageFaults"/> asks for.</summary>
internal sealed class FlakySalesLedger(ISalesLedger inner, StorageFaults faults) : ISalesLedger
{
    public Task<IReadOnlyList<SalesEntry>> AppendAsync(string ownerId, IReadOnlyList<SalesEntry> entries, CancellationToken cancellationToken = default) =>
        faults.Append(ownerId, "the sales ledger", () => inner.AppendAsync(ownerId, entries, cancellationToken));

    public Task<IReadOnlyDictionary<DateOnly, DayTotals>> ReadTotalsAsync(string ownerId, DateOnly fromDay, CancellationToken cancellationToken = default) =>
        inner.ReadTotalsAsync(ownerId, fromDay, cancellationToken);

    public Task<IReadOnlyList<SalesEntry>> ReadEntriesAsync(string ownerId, DateOnly day, string? after, int take, CancellationToken cancellationToken = default) =>
        inner.ReadEntriesAsync(ownerId, day, after, take, cancellationToken);

    public Task ForgetBeforeAsync(string ownerId, DateOnly day, CancellationToken cancellationToken = default) =>
        inner.ForgetBeforeAsync(ownerId, day, cancellationToken);
}

/// <summary>The silo's real (in-memory) PK point store, with the failures <see cref="StorageFaults"/> asks for (owner <c>pk/{id}</c>).</summary>
internal sealed class FlakyPkPointStore(IPkPointStore inner, StorageFaults faults) : IPkPointStore
{
    public Task<IReadOnlyList<PkPoint>> AppendAsync(string pkId, IReadOnlyList<PkPoint> points, CancellationToken cancellationToken = default) =>
        faults.Append($"pk/{pkId}", "the PK point store", () => inner.AppendAsync(pkId, points, cancellationToken));

    public Task<IReadOnlyDictionary<string, long>> ReadScoresAsync(string pkId, CancellationToken cancellationToken = default) =>
        inner.ReadScoresAsync(pkId, cancellationToken);
}

/// <summary>The silo's real (in-memory) stock ledger, with the waits and failures <see cref="StorageFaults"/> asks for (owner <c>pool/{sku}@{region}</c>).</summary>
internal sealed class FlakyStockLedger(IStockLedger inner, StorageFaults faults) : IStockLedger
{
    public Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default) =>
        faults.Append($"pool/{poolId}", "the stock ledger", () => inner.AppendAsync(poolId, movements, cancellationToken));

    public Task<IReadOnlyList<StockMovement>> ReadAsync(string poolId, long afterSeq, int take, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(poolId, afterSeq, take, cancellationToken);
}

/// <summary>
/// The silo's real grain storage (in memory or PostgreSQL), with the failures <see cref="StorageFaults"/> asks for. A
/// lifecycle participant as the storage registered under its name must be: the ADO.NET one reads its queries then.
/// </summary>
internal sealed class FlakyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await faults.HeldWrite(grainId, stateName);
        if (faults.FailsWrite(grainId, stateName))
        {
            throw StorageFaults.Failure("the grain storage is unreachable");
        }

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

/// <summary>The silo's real (in-memory) sale hold store, with the failures <see cref="StorageFaults"/> asks for (owner <c>holds/{roomId}</c>).</summary>
internal sealed class FlakySaleHoldStore(ISaleHoldStore inner, StorageFaults faults) : ISaleHoldStore
{
    public Task WriteAsync(string roomId, IReadOnlyList<SaleHold> holds, CancellationToken cancellationToken = default) =>
        faults.Append($"holds/{roomId}", "the sale hold store", () => inner.WriteAsync(roomId, holds, cancellationToken));

    public Task<IReadOnlyList<SaleHold>> ReadAsync(string roomId, CancellationToken cancellationToken = default) => inner.ReadAsync(roomId, cancellationToken);
}

/// <summary>The silo's real (in-memory) fulfilment queue store, with the failures <see cref="StorageFaults"/> asks for (owner <c>queue/{storeId}</c>).</summary>
internal sealed class FlakyFulfilmentQueueStore(IFulfilmentQueueStore inner, StorageFaults faults) : IFulfilmentQueueStore
{
    public Task<IReadOnlyList<FulfilmentLine>> ApplyAsync(string storeId, IReadOnlyList<FulfilmentChange> changes, CancellationToken cancellationToken = default) =>
        faults.Append($"queue/{storeId}", "the fulfilment queue", () => inner.ApplyAsync(storeId, changes, cancellationToken));

    public Task<FulfilmentChange?> FindAsync(string storeId, string sku, string reservationId, CancellationToken cancellationToken = default) =>
        inner.FindAsync(storeId, sku, reservationId, cancellationToken);

    public Task<IReadOnlyList<FulfilmentLine>> ReadWaitingAsync(string storeId, CancellationToken cancellationToken = default) =>
        inner.ReadWaitingAsync(storeId, cancellationToken);
}

/// <summary>The silo's real (in-memory) customer store, with the failures <see cref="StorageFaults"/> asks for (owner <c>customers/{guideId}</c>).</summary>
internal sealed class FlakyGuideCustomerStore(IGuideCustomerStore inner, StorageFaults faults) : IGuideCustomerStore
{
    public Task WriteAsync(string guideId, IReadOnlyList<GuideCustomer> bound, IReadOnlyList<string> unbound, CancellationToken cancellationToken = default) =>
        faults.Append($"customers/{guideId}", "the customer list", () => inner.WriteAsync(guideId, bound, unbound, cancellationToken));

    public Task<IReadOnlyList<GuideCustomer>> ReadAsync(string guideId, CancellationToken cancellationToken = default) => inner.ReadAsync(guideId, cancellationToken);
}

/// <summary>The silo's real members' order lists, with the failures <see cref="StorageFaults"/> asks for (owner <c>orders/{memberId}</c>).</summary>
internal sealed class FlakyMemberOrderStore(IMemberOrderStore inner, StorageFaults faults) : IMemberOrderStore
{
    public Task AddAsync(string memberId, string orderId, DateTimeOffset placedAt, string? liveRoomId, CancellationToken cancellationToken = default) =>
        faults.Append($"orders/{memberId}", "the member's order list", () => inner.AddAsync(memberId, orderId, placedAt, liveRoomId, cancellationToken));

    public Task<IReadOnlyList<string>?> ReadAsync(string memberId, string? liveRoomId, string? before, int take, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(memberId, liveRoomId, before, take, cancellationToken);
}

/// <summary>The silo's real (in-memory) room list, with the waits <see cref="StorageFaults"/> asks for (owner <c>listing/{directoryId}</c>).</summary>
internal sealed class FlakyRoomListStore(IRoomListStore inner, StorageFaults faults) : IRoomListStore
{
    public Task WriteAsync(string directoryId, IReadOnlyList<RoomStats> rooms, CancellationToken cancellationToken = default) =>
        faults.Append($"listing/{directoryId}", "the room list", () => inner.WriteAsync(directoryId, rooms, cancellationToken));

    public Task<IReadOnlyList<RoomStats>> ReadAsync(string directoryId, DateTimeOffset endedAfter, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(directoryId, endedAfter, cancellationToken);
}
