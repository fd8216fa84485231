using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Persistence;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// A pool's books made durable. Every change is a ledger line, applied to the books in memory at once and appended
/// to the ledger by group commit (one write per batch, whatever the number of open reservations); now and then a
/// snapshot of the books is written off the commit path, so an activation replays only the lines after it. Not
/// thread-safe: it relies on the pool grain's single-threaded turns.
/// </summary>
internal sealed class PoolJournal
{
    private const int ReplayPageSize = 5000;

    private readonly string _poolId;
    private readonly IPersistentState<PoolBook> _snapshot;
    private readonly IStockLedger _ledger;
    private readonly InventoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GrainMetrics _metrics;
    private readonly GroupCommit<StockMovement> _commit;
    private long _snapshotSeq;

    /// <summary>The last line the ledger has (or was sent in the write in flight).</summary>
    private long _appendedSeq;

    /// <param name="failed">
    /// A ledger write failed and may have landed unheard: the books in memory may be ahead of storage, so the owner
    /// must stop serving and rebuild from the ledger (deactivate).
    /// </param>
    public PoolJournal(
        string poolId, IPersistentState<PoolBook> snapshot, IStockLedger ledger, InventoryOptions options, TimeProvider time, ILogger logger, GrainMetrics metrics,
        Action<Exception> failed)
    {
        _poolId = poolId;
        _snapshot = snapshot;
        _ledger = ledger;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _commit = new GroupCommit<StockMovement>(WriteBatch, failed, options.LedgerGatherLimit);
    }

    /// <summary>The live books: everything recorded, durable or still on its way.</summary>
    public PoolBook Book { get; private set; } = new();

    /// <summary>The failure that stopped the journal, if any; nothing recorded afterwards can become durable.</summary>
    public Exception? Failure => _commit.Failure;

    /// <summary>The snapshot write under way, if any (a deactivation lets it finish).</summary>
    public Task SnapshotWrite { get; private set; } = Task.CompletedTask;

    /// <summary>The books as stored: the latest snapshot, then every ledger line after it.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        // The snapshot object becomes the live books; later snapshots are clones taken at batch boundaries.
        Book = _snapshot.State;
        _snapshotSeq = Book.Seq;
        while (true)
        {
            var lines = await _ledger.ReadAsync(_poolId, Book.Seq, ReplayPageSize, cancellationToken);
            foreach (var line in lines)
            {
                Book.Apply(line);
            }

            if (lines.Count < ReplayPageSize)
            {
                break;
            }
        }

        _appendedSeq = Book.Seq;
    }

    /// <summary>Builds the next ledger line from the current books, applies it, and adds it to <paramref name="lines"/>.</summary>
    public void Record(
        List<StockMovement> lines, StockMovementKind kind, string storeId, long onHandDelta, long reservedDelta,
        string? referenceId = null, string? reason = null, DateTimeOffset? expiresAt = null, double? distanceKm = null, string? orderId = null,
        string? ownerId = null)
    {
        var counter = Book.CounterOf(storeId);
        var line = new StockMovement(Book.Seq + 1, _time.GetUtcNow(), kind, storeId, onHandDelta, reservedDelta, counter.OnHand + onHandDelta, counter.Reserved + reservedDelta)
            with { ReferenceId = referenceId, Reason = reason, ExpiresAt = expiresAt, DistanceKm = distanceKm, OrderId = orderId, OwnerId = ownerId };
        Book.Apply(line);
        lines.Add(line);
    }

    /// <summary>Records a new safety stock for the whole pool: its line carries the figure as on-hand-after.</summary>
    public List<StockMovement> RecordSafetyStock(long safetyStock)
    {
        var line = new StockMovement(Book.Seq + 1, _time.GetUtcNow(), StockMovementKind.SafetyStock, PoolBook.PoolWide, safetyStock - Book.SafetyStock, 0, safetyStock, 0);
        Book.Apply(line);
        return [line];
    }

    /// <summary>Completes when the recorded lines, and everything recorded before them, are in the ledger.</summary>
    public Task Append(IReadOnlyCollection<StockMovement> lines) => _commit.Append(lines);

    /// <summary>Completes when everything recorded so far is durable (for repeats of requests still in flight).</summary>
    public Task WhenAllDurable() => _commit.WhenAllDurable();

    /// <summary>
    /// Stored lines after <paramref name="afterSeq"/>, read once every line recorded so far is stored: the books answer
    /// from memory, which holds lines still being written, and the ledger then holds every movement they showed.
    /// </summary>
    public async Task<IReadOnlyList<StockMovement>> ReadAsync(long afterSeq, int take)
    {
        await WhenAllDurable();
        return await _ledger.ReadAsync(_poolId, afterSeq, take);
    }

    /// <summary>The group commit's write: append the batch to the ledger; now and then also write a snapshot.</summary>
    private async Task WriteBatch(IReadOnlyList<StockMovement> batch)
    {
        if (batch[0].Seq != _appendedSeq + 1 || batch[^1].Seq != _appendedSeq + batch.Count)
        {
            // A line recorded in memory but never appended: written, the gap would stop every later activation's
            // replay. Failing here has the pool rebuild from the ledger instead.
            throw new InvalidOperationException(
                $"Ledger of pool {_poolId} would get lines {batch[0].Seq}–{batch[^1].Seq} after line {_appendedSeq}.");
        }

        // Runs synchronously up to the first await when the batch is cut, so the clone is exactly
        // "everything durable plus this batch".
        var linesSinceSnapshot = Book.Seq - _snapshotSeq;
        var snapshot = SnapshotWrite.IsCompleted && linesSinceSnapshot >= Math.Max(_options.SnapshotMinLines, Book.Open.Count)
            ? Book.Clone()
            : null;
        _appendedSeq = batch[^1].Seq;
        var started = TimeProvider.System.GetTimestamp();
        await _ledger.AppendAsync(_poolId, batch);
        _metrics.LedgerWritten(batch.Count, TimeProvider.System.GetElapsedTime(started));

        if (snapshot is not null)
        {
            // Off the commit path: later batches need not wait for a large snapshot to be written.
            SnapshotWrite = WriteSnapshot(snapshot);
        }
    }

    private async Task WriteSnapshot(PoolBook snapshot)
    {
        try
        {
            _snapshot.State = snapshot;
            await _snapshot.WriteStateAsync();
            _snapshotSeq = snapshot.Seq;
        }
        catch (Exception ex)
        {
            // The ledger already holds everything; a missed snapshot only makes the next activation replay more. (The
            // silo's persistent-state factory deactivates the grain: its snapshot ETag may now be behind storage's.)
            Log.SnapshotWriteFailed(_logger, _poolId, ex);
        }
    }
}
