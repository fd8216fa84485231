using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

/// <summary>A pool's books made durable: lines numbered without gaps, snapshots only now and then, the books rebuilt from both, a failed write failing everything after it.</summary>
public sealed class PoolJournalTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly InventoryOptions Options = new() { SnapshotMinLines = 10 };

    private static readonly GrainMetrics Metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private readonly InMemoryStockLedger _ledger = new(Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = "journal-" + Guid.NewGuid().ToString("N"), ServiceId = "test" }));

    [Fact]
    public async Task LinesAreNumberedWithoutGaps_SnapshotsComeEveryTenOrMoreLines_AndAFreshJournalRebuildsTheSameBooks()
    {
        var snapshot = new StoredSnapshot();
        var journal = Journal(snapshot);
        await journal.LoadAsync(Cancel);

        for (var i = 0; i < 25; i++)
        {
            var lines = new List<StockMovement>();
            journal.Record(lines, StockMovementKind.Set, i % 2 == 0 ? "store-a" : "store-b", 10, 0);
            journal.Record(lines, StockMovementKind.Reserve, "store-a", 0, 1, referenceId: $"r-{i}", expiresAt: DateTimeOffset.UtcNow.AddMinutes(15));
            await journal.Append(lines);
        }

        await journal.Append(journal.RecordSafetyStock(7));
        await journal.SnapshotWrite;

        var ledger = await _ledger.ReadAsync("sku-1@city", 0, 1000, Cancel);
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), ledger.Select(l => l.Seq));

        // Each batch here is one append, so a snapshot is due once 10 lines (and as many as there are open
        // reservations) have passed since the last: after lines 10, 20 (ten open) and 40 (twenty open).
        Assert.Equal([10L, 20L, 40L], snapshot.Written.Select(b => b.Seq));

        var rebuilt = Journal(snapshot);
        await rebuilt.LoadAsync(Cancel);
        Assert.Equal((51L, 250L, 25L, 7L, 25), (rebuilt.Book.Seq, rebuilt.Book.OnHand, rebuilt.Book.Reserved, rebuilt.Book.SafetyStock, rebuilt.Book.Open.Count));
        Assert.Equal(journal.Book.Stores.Select(s => (s.Key, s.Value.OnHand, s.Value.Reserved)).Order(), rebuilt.Book.Stores.Select(s => (s.Key, s.Value.OnHand, s.Value.Reserved)).Order());
    }

    [Fact]
    public async Task AFailedLedgerWrite_FailsItsCallersAndEveryLaterAppend_AndTellsTheOwnerOnce()
    {
        var failures = 0;
        var journal = new PoolJournal("sku-2@city", new StoredSnapshot(), new FailingLedger(), Options, TimeProvider.System, NullLogger.Instance, Metrics, _ => failures++);
        await journal.LoadAsync(Cancel);
        var lines = new List<StockMovement>();
        journal.Record(lines, StockMovementKind.Set, "store-a", 5, 0);

        await Assert.ThrowsAsync<IOException>(() => journal.Append(lines));
        var later = new List<StockMovement>();
        journal.Record(later, StockMovementKind.Set, "store-a", 1, 0);
        await Assert.ThrowsAsync<IOException>(() => journal.Append(later));
        await Assert.ThrowsAsync<IOException>(journal.WhenAllDurable);

        Assert.Equal(1, failures);
        Assert.IsType<IOException>(journal.Failure);
    }

    [Fact]
    public async Task ALineRecordedButNeverAppended_FailsTheNextWrite_RatherThanLeaveAGapInALedgerThatWouldTakeIt()
    {
        // PostgreSQL takes any sequence numbers; a gap in the ledger would stop every later activation's replay.
        var ledger = new AcceptingLedger();
        var failures = 0;
        var journal = new PoolJournal("sku-3@city", new StoredSnapshot(), ledger, Options, TimeProvider.System, NullLogger.Instance, Metrics, _ => failures++);
        await journal.LoadAsync(Cancel);
        var first = new List<StockMovement>();
        journal.Record(first, StockMovementKind.Set, "store-a", 5, 0);
        await journal.Append(first);

        journal.Record([], StockMovementKind.Set, "store-a", 1, 0);
        var afterTheLostLine = new List<StockMovement>();
        journal.Record(afterTheLostLine, StockMovementKind.Set, "store-a", 1, 0);

        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.Append(afterTheLostLine));
        Assert.Equal([1L], ledger.Lines.Select(l => l.Seq));
        Assert.Equal(1, failures);
    }

    private PoolJournal Journal(StoredSnapshot snapshot) =>
        new("sku-1@city", snapshot, _ledger, Options, TimeProvider.System, NullLogger.Instance, Metrics, ex => throw new InvalidOperationException("no write should fail", ex));

    /// <summary>The pool's snapshot as storage holds it: the last state written, and every state written.</summary>
    private sealed class StoredSnapshot : IPersistentState<PoolBook>
    {
        public List<PoolBook> Written { get; } = [];

        public PoolBook State { get; set; } = new();

        public string? Etag { get; private set; }

        public bool RecordExists => Written.Count > 0;

        public Task WriteStateAsync()
        {
            // Storage keeps a copy; the live books go on changing after the write.
            Written.Add(State.Clone());
            Etag = Written.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        public Task ReadStateAsync()
        {
            State = Written.Count > 0 ? Written[^1].Clone() : new PoolBook();
            return Task.CompletedTask;
        }

        public Task ClearStateAsync() => throw new NotSupportedException();
    }

    /// <summary>A ledger that, as PostgreSQL does, writes whatever sequence numbers it is given.</summary>
    private sealed class AcceptingLedger : IStockLedger
    {
        public List<StockMovement> Lines { get; } = [];

        public Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default)
        {
            Lines.AddRange(movements);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<StockMovement>> ReadAsync(string poolId, long afterSeq, int take, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StockMovement>>([.. Lines.Where(l => l.Seq > afterSeq).Take(take)]);
    }

    private sealed class FailingLedger : IStockLedger
    {
        public Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default) =>
            Task.FromException(new IOException("disk full"));

        public Task<IReadOnlyList<StockMovement>> ReadAsync(string poolId, long afterSeq, int take, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<StockMovement>>([]);
    }
}
