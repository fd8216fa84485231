using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using static PrivateDomain.Realtime.Grains.Tests.Inventory.ShanghaiStores;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

/// <summary>
/// Long random runs of what a pool is asked — stock counts and adjustments (some repeated), safety stock, reservations
/// to ship and to pick up (some retried, some at once), confirms, releases, time passing so reservations lapse, failed
/// ledger writes and writes whose answer was lost, and restarts — each answer, the books and the stores' fulfilment
/// queues after every step checked against a model of the rules
/// (docs/api.md): what the pool must accept or refuse, with which code, and the counts it must show. The cases the
/// other tests pick by hand are the ones someone thought of; a refusal right after a lapse, which once left a gap in
/// the ledger, is one a run like this meets by itself. Seeded, so a failure names its run and replays it.
/// </summary>
public abstract class PoolModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 400;

    private static readonly StoreSpec[] Stores =
    [
        new("Nanjing Road East", NanjingRoadEast, 8),
        new("Xintiandi", Xintiandi, 5),
        new("Lujiazui", Lujiazui, 12, CanShip: false),
        new("Jing'an Temple", JingAnTemple, 3, CanPickup: false),
        new("Xujiahui", Xujiahui, 6),
    ];


    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each, then the end checks.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var shanghai = await Open(fixture.Grains, Stores);
        var model = new PoolModel(shanghai, Stores);
        var pool = shanghai.Pool;

        await SeededRuns.Run(seed, Steps, () => Step(model, pool, random), () => AssertBooks(model, pool));
        await Reconcile(model, pool, random);
        await Restart(pool, random: null);
        await AssertBooks(model, pool);
    }

    private async Task<string> Step(PoolModel model, IInventoryPoolGrain pool, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        model.LapseDue(now);
        return random.Next(100) switch
        {
            < 28 => await Reserve(model, pool, random, now),
            < 33 => await RetryAReservation(model, pool, random, now),
            < 38 => await ReserveAtOnce(model, pool, random, now),
            < 48 => await Confirm(model, pool, random),
            < 56 => await Release(model, pool, random),
            < 64 => await Adjust(model, pool, random),
            < 69 => await SetOnHand(model, pool, random),
            < 72 => await SetSafetyStock(model, pool, random),
            < 86 => Advance(random),
            < 89 => await AdjustThroughAFailedWrite(model, pool, random),
            < 92 => await ReserveThroughALostAnswer(model, pool, random, now),
            < 96 => await Restart(pool, random),
            _ => await Reconcile(model, pool, random),
        };
    }

    private async Task<string> Reserve(PoolModel model, IInventoryPoolGrain pool, Random random, DateTimeOffset now)
    {
        var request = model.NewRequest(random);
        var (reservation, refused) = await SeededRuns.Attempt(() => pool.Reserve(request));
        model.CheckReserve(request, reservation, refused, now);
        return $"reserve {request.Quantity} to {request.Mode} {request.PickupStoreId}: {refused ?? "taken"}";
    }

    /// <summary>A client retrying a request it made before (its answer lost): the same answer while it holds, never a second hold.</summary>
    private async Task<string> RetryAReservation(PoolModel model, IInventoryPoolGrain pool, Random random, DateTimeOffset now)
    {
        if (model.Requests.Count == 0)
        {
            return "no reservation to retry";
        }

        var request = model.Requests[random.Next(model.Requests.Count)];
        var (reservation, refused) = await SeededRuns.Attempt(() => pool.Reserve(request));
        model.CheckReserve(request, reservation, refused, now);
        return $"retry {request.ReservationId}: {refused ?? "held"}";
    }

    /// <summary>
    /// Buyers at once: whatever order the pool takes them in, no store gives more than it has, and each refused buyer
    /// asked for more than was left at the end (what is left only falls while they run).
    /// </summary>
    private async Task<string> ReserveAtOnce(PoolModel model, IInventoryPoolGrain pool, Random random, DateTimeOffset now)
    {
        var requests = Enumerable.Range(0, 8).Select(_ => model.NewShipRequest(random)).ToList();
        var answers = await Task.WhenAll(requests.Select(request => SeededRuns.Attempt(() => pool.Reserve(request))));
        foreach (var (request, (reservation, refused)) in requests.Zip(answers).Where(a => a.Second.Refused is null))
        {
            model.CheckReserve(request, reservation, refused, now, concurrent: true);
        }

        var leftToShip = model.Shippable();
        foreach (var (request, (_, refused)) in requests.Zip(answers).Where(a => a.Second.Refused is not null))
        {
            Assert.Equal(ErrorCodes.InsufficientStock, refused);
            Assert.True(request.Quantity > leftToShip, $"{request.Quantity} refused while {leftToShip} were left to ship");
        }

        return $"{requests.Count} at once: {answers.Count(a => a.Refused is null)} taken";
    }

    private async Task<string> Confirm(PoolModel model, IInventoryPoolGrain pool, Random random)
    {
        if (model.PickReservation(random) is not { } held)
        {
            return "nothing to confirm";
        }

        var (reservation, refused) = await SeededRuns.Attempt(() => pool.Confirm(held.Request.ReservationId));
        var expected = held.Status switch
        {
            ReservationStatus.Held or ReservationStatus.Confirmed => null,
            ReservationStatus.Expired => ErrorCodes.ReservationExpired,
            _ => ErrorCodes.ReservationReleased,
        };
        Assert.Equal(expected, refused);
        if (refused is null)
        {
            Assert.Equal(ReservationStatus.Confirmed, reservation!.Status);
            model.Close(held, ReservationStatus.Confirmed, fixture.Clock.GetUtcNow());
        }

        return $"confirm {held.Request.ReservationId} ({held.Status}): {refused ?? "confirmed"}";
    }

    private async Task<string> Release(PoolModel model, IInventoryPoolGrain pool, Random random)
    {
        if (model.PickReservation(random) is not { } held)
        {
            return "nothing to release";
        }

        var (reservation, refused) = await SeededRuns.Attempt(() => pool.Release(held.Request.ReservationId));
        Assert.Equal(held.Status == ReservationStatus.Confirmed ? ErrorCodes.ReservationConfirmed : null, refused);
        if (refused is null)
        {
            var expected = held.Status == ReservationStatus.Held ? ReservationStatus.Released : held.Status;
            Assert.Equal(expected, reservation!.Status);
            model.Close(held, expected, fixture.Clock.GetUtcNow());
        }

        return $"release {held.Request.ReservationId} ({held.Status}): {refused ?? "released"}";
    }

    private async Task<string> Adjust(PoolModel model, IInventoryPoolGrain pool, Random random)
    {
        var (adjustmentId, storeId, delta) = (TestIds.New("adj"), model.RandomStore(random), (long)random.Next(-6, 6));
        delta = delta >= 0 ? delta + 1 : delta;
        if (model.Adjustments.Count > 0 && random.Next(4) == 0)
        {
            // An adjustment sent again, as it was or with another value.
            (adjustmentId, (storeId, delta)) = model.Adjustments.ElementAt(random.Next(model.Adjustments.Count));
            delta = random.Next(2) == 0 ? delta : delta == -1 ? 1 : delta + 1;
        }

        var (_, refused) = await SeededRuns.Attempt(() => pool.Adjust(adjustmentId, storeId, delta, "count"));
        Assert.Equal(model.ExpectedAdjustRefusal(adjustmentId, storeId, delta), refused);
        if (refused is null)
        {
            model.ApplyAdjustment(adjustmentId, storeId, delta);
        }

        return $"adjust {storeId} by {delta} ({adjustmentId}): {refused ?? "applied"}";
    }

    private async Task<string> SetOnHand(PoolModel model, IInventoryPoolGrain pool, Random random)
    {
        var storeId = model.RandomStore(random);
        var onHand = (long)random.Next(0, 15);
        var (_, refused) = await SeededRuns.Attempt(() => pool.SetOnHand(storeId, onHand));
        Assert.Equal(onHand < model.Counts[storeId].Reserved ? ErrorCodes.StockBelowReserved : null, refused);
        if (refused is null)
        {
            model.Counts[storeId] = model.Counts[storeId] with { OnHand = onHand };
        }

        return $"set {storeId} to {onHand}: {refused ?? "set"}";
    }

    private async Task<string> SetSafetyStock(PoolModel model, IInventoryPoolGrain pool, Random random)
    {
        var safetyStock = random.Next(0, 6);
        var (view, refused) = await SeededRuns.Attempt(() => pool.SetSafetyStock(safetyStock));
        Assert.Null(refused);
        Assert.Equal(safetyStock, view!.SafetyStock);
        model.SafetyStock = safetyStock;
        return $"safety stock {safetyStock}";
    }

    /// <summary>
    /// Seconds to minutes pass, sometimes past every reservation's time. Never a whole number of seconds: with whole-second
    /// TTLs, no reservation then lapses exactly at a moment the run looks, where "at its time" would be a matter of rounding.
    /// </summary>
    private string Advance(Random random)
    {
        var by = random.Next(10) == 0 ? TimeSpan.FromMinutes(16) : TimeSpan.FromSeconds(random.Next(0, 90));
        SeededRuns.LetTimePass(fixture.Clock, by);
        return $"{by.TotalSeconds:0} s pass";
    }

    /// <summary>
    /// The ledger refuses the next write: the adjustment that made it is not applied (nor anything else in memory that was
    /// not stored), the pool rebuilds, and the client's retry applies it once.
    /// </summary>
    private async Task<string> AdjustThroughAFailedWrite(PoolModel model, IInventoryPoolGrain pool, Random random)
    {
        var (adjustmentId, storeId, delta) = (TestIds.New("adj"), model.RandomStore(random), (long)random.Next(1, 4));
        fixture.StorageFaults.FailNextAppend(model.LedgerOwner);

        // Unless a lapse swept by the pool's timer wrote first and failed instead: then this one waits out the rebuild.
        var first = await Record.ExceptionAsync(() => SeededRuns.Attempt(() => pool.Adjust(adjustmentId, storeId, delta, "count"), retryUnavailable: true));
        var (_, refused) = await SeededRuns.Attempt(() => pool.Adjust(adjustmentId, storeId, delta, "count"), retryUnavailable: true);

        Assert.Null(refused);
        Assert.False(fixture.StorageFaults.AppendFailurePending(model.LedgerOwner));
        model.ApplyAdjustment(adjustmentId, storeId, delta);
        return $"adjust {storeId} by {delta} through a failed write (first answer: {first?.GetType().Name ?? "applied"})";
    }

    /// <summary>
    /// The pool leaves memory and comes back from its snapshot and ledger; sometimes time passes meanwhile, so reservations
    /// lapse with no sweep to write it, and the next call comes upon the lapse itself.
    /// </summary>
    /// <summary>
    /// The ledger takes a reservation's lines but its answer is lost: the pool rebuilds from the ledger, which has the
    /// reservation, and the client's retry is answered with it — held once, at the stores first chosen.
    /// </summary>
    private async Task<string> ReserveThroughALostAnswer(PoolModel model, IInventoryPoolGrain pool, Random random, DateTimeOffset now)
    {
        var request = model.NewShipRequest(random);
        if (request.Quantity > model.Shippable())
        {
            return "too little to reserve through a lost answer";
        }

        fixture.StorageFaults.LoseNextAppendAnswer(model.LedgerOwner);
        var first = await Record.ExceptionAsync(() => SeededRuns.Attempt(() => pool.Reserve(request), retryUnavailable: true));
        var (reservation, refused) = await SeededRuns.Attempt(() => pool.Reserve(request), retryUnavailable: true);

        Assert.False(fixture.StorageFaults.AnswerLossPending(model.LedgerOwner));
        model.CheckReserve(request, reservation, refused, now);
        return $"reserve {request.Quantity} through a lost answer (first answer: {first?.GetType().Name ?? "held"})";
    }

    private async Task<string> Restart(IInventoryPoolGrain pool, Random? random)
    {
        await Activations.Deactivate(fixture.Grains, pool);
        return random?.Next(2) == 0 ? $"restart while {Advance(random)}" : "restart";
    }

    /// <summary>Writes what has lapsed (with an adjustment, which expires what is due first), then folds the ledger.</summary>
    private async Task<string> Reconcile(PoolModel model, IInventoryPoolGrain pool, Random random)
    {
        var (adjustmentId, storeId) = (TestIds.New("adj"), model.RandomStore(random));
        var (_, refused) = await SeededRuns.Attempt(() => pool.Adjust(adjustmentId, storeId, 1, "count"));
        Assert.Null(refused);
        model.ApplyAdjustment(adjustmentId, storeId, 1);
        await LedgerReconciliation.AssertReconciles(pool);
        return "reconcile";
    }

    private async Task AssertBooks(PoolModel model, IInventoryPoolGrain pool)
    {
        model.LapseDue(fixture.Clock.GetUtcNow());
        var (view, _) = await SeededRuns.Attempt(pool.GetInventory);
        var expected = model.Counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value.OnHand, c.Value.Reserved));
        var actual = view!.Stores.OrderBy(s => s.StoreId, StringComparer.Ordinal).Select(s => (s.StoreId, s.OnHand, s.Reserved));
        Assert.True(expected.SequenceEqual(actual), $"Expected {string.Join(", ", expected)}; the pool has {string.Join(", ", actual)}");
        Assert.Equal((model.Available(), model.SafetyStock), (view.Available, view.SafetyStock));

        // Each confirmed reservation's units wait in the queue of each store they were taken from, once.
        foreach (var storeId in model.Counts.Keys)
        {
            var queue = await fixture.Grains.GetGrain<IStoreGrain>(storeId).GetFulfilmentQueue();
            var waiting = queue.SelectMany(f => f.Lines).Where(l => l.Sku == model.Sku).Select(l => $"{l.ReservationId}: {l.Quantity} to {l.Mode}").Order(StringComparer.Ordinal);
            Assert.Equal(model.ConfirmedAt(storeId).Order(StringComparer.Ordinal), waiting);
        }
    }
    private sealed class HeldInModel(ReservationRequest request, ImmutableArray<Allocation> allocations, DateTimeOffset expiresAt)
    {
        public ReservationRequest Request { get; } = request;

        public ImmutableArray<Allocation> Allocations { get; } = allocations;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public ReservationStatus Status { get; set; } = ReservationStatus.Held;

        /// <summary>When it closed, or (lapsed) the earliest it can have: the pool records a lapse when it finds it due.</summary>
        public DateTimeOffset? ClosedAt { get; set; }
    }

    /// <summary>The pool's books as the rules say they must be, kept from the answers the pool gave.</summary>
    private sealed class PoolModel
    {
        private readonly Setup _shanghai;
        private readonly Dictionary<string, StoreSpec> _specs;
        private readonly Dictionary<string, HeldInModel> _reservations = [];

        public PoolModel(Setup shanghai, StoreSpec[] stores)
        {
            _shanghai = shanghai;
            _specs = stores.ToDictionary(s => shanghai.Store(s.Name));
            Counts = stores.ToDictionary(s => shanghai.Store(s.Name), s => (s.Stock, 0L));
        }

        public Dictionary<string, (long OnHand, long Reserved)> Counts { get; }

        public Dictionary<string, (string StoreId, long Delta)> Adjustments { get; } = [];

        /// <summary>Every reservation request the pool took, for retries.</summary>
        public List<ReservationRequest> Requests { get; } = [];

        public long SafetyStock { get; set; }

        public string Sku => _shanghai.Sku;

        /// <summary>The units of confirmed reservations, per store (never forgotten: a store ships them).</summary>
        private readonly List<(string StoreId, string Line)> _confirmed = [];

        public IEnumerable<string> ConfirmedAt(string storeId) => _confirmed.Where(c => c.StoreId == storeId).Select(c => c.Line);

        public string LedgerOwner => $"pool/{PoolKey.For(_shanghai.Sku, _shanghai.RegionId)}";

        public string RandomStore(Random random) => Counts.Keys.ElementAt(random.Next(Counts.Count));

        public ReservationRequest NewShipRequest(Random random) => _shanghai.Ship(random.Next(1, 5), ttlSeconds: Ttl(random));

        public ReservationRequest NewRequest(Random random)
        {
            if (random.Next(3) > 0)
            {
                return _shanghai.Ship(random.Next(1, 13), ttlSeconds: Ttl(random));
            }

            var store = _specs.Values.ElementAt(random.Next(_specs.Count));
            return _shanghai.Pickup(random.Next(1, 6), store.Name) with { TtlSeconds = Ttl(random) };
        }

        public HeldInModel? PickReservation(Random random) =>
            _reservations.Count == 0 ? null : _reservations.Values.ElementAt(random.Next(_reservations.Count));

        /// <summary>
        /// Lapses what is due. And stops asking about reservations closed an hour or more ago (<c>Inventory:IdempotencyRetention</c>):
        /// the pool forgets them on a sweep after that, so whether it still knows one is a matter of when its timer ran.
        /// </summary>
        public void LapseDue(DateTimeOffset now)
        {
            foreach (var held in _reservations.Values.Where(r => r.Status == ReservationStatus.Held && r.ExpiresAt <= now))
            {
                Close(held, ReservationStatus.Expired, held.ExpiresAt);
            }

            foreach (var forgettable in _reservations.Values.Where(r => r.ClosedAt + TimeSpan.FromHours(1) <= now).ToList())
            {
                _reservations.Remove(forgettable.Request.ReservationId);
                Requests.Remove(forgettable.Request);
            }
        }

        public void Close(HeldInModel held, ReservationStatus status, DateTimeOffset closedAt)
        {
            if (held.Status != ReservationStatus.Held)
            {
                return;
            }

            held.ClosedAt = closedAt;

            foreach (var allocation in held.Allocations)
            {
                if (status == ReservationStatus.Confirmed)
                {
                    _confirmed.Add((allocation.StoreId, $"{held.Request.ReservationId}: {allocation.Quantity} to {held.Request.Mode}"));
                }

                var (onHand, reserved) = Counts[allocation.StoreId];
                Counts[allocation.StoreId] = (status == ReservationStatus.Confirmed ? onHand - allocation.Quantity : onHand, reserved - allocation.Quantity);
            }

            held.Status = status;
        }

        public long Free(string storeId) => Counts[storeId].OnHand - Counts[storeId].Reserved;

        public long Available() => Math.Max(0, Counts.Keys.Sum(Free) - SafetyStock);

        public long Shippable() => Math.Min(Available(), Counts.Keys.Where(s => _specs[s].CanShip).Sum(s => Math.Max(0, Free(s))));

        /// <summary>
        /// Checks a reservation's answer against the rules and takes its units. Alone, the refusal must be the one the
        /// rules give; at once with others, a taken reservation must still fit (its refusals are checked by the caller).
        /// </summary>
        public void CheckReserve(ReservationRequest request, Reservation? reservation, string? refused, DateTimeOffset now, bool concurrent = false)
        {
            if (_reservations.TryGetValue(request.ReservationId, out var earlier))
            {
                var expected = earlier.Status switch
                {
                    ReservationStatus.Held => null,
                    ReservationStatus.Confirmed => ErrorCodes.ReservationConfirmed,
                    ReservationStatus.Expired => ErrorCodes.ReservationExpired,
                    _ => ErrorCodes.ReservationReleased,
                };
                Assert.Equal(expected, refused);
                if (refused is null)
                {
                    Assert.Equal(earlier.Allocations, reservation!.Allocations);
                }

                return;
            }

            if (!concurrent)
            {
                Assert.Equal(ExpectedRefusal(request), refused);
            }

            if (refused is not null)
            {
                return;
            }

            CheckAllocation(request, reservation!, concurrent);
            Assert.Equal(now + TimeSpan.FromSeconds(request.TtlSeconds ?? 15 * 60), reservation!.ExpiresAt);
            foreach (var allocation in reservation.Allocations)
            {
                Counts[allocation.StoreId] = Counts[allocation.StoreId] with { Reserved = Counts[allocation.StoreId].Reserved + allocation.Quantity };
                Assert.True(Free(allocation.StoreId) >= 0, $"store {allocation.StoreId} gave more than it had");
            }

            Assert.True(Counts.Keys.Sum(Free) >= SafetyStock, "the safety stock was sold");
            _reservations[request.ReservationId] = new HeldInModel(request, reservation.Allocations, reservation.ExpiresAt);
            Requests.Add(request);
        }

        public string? ExpectedAdjustRefusal(string adjustmentId, string storeId, long delta)
        {
            if (Adjustments.TryGetValue(adjustmentId, out var applied))
            {
                return applied == (storeId, delta) ? null : ErrorCodes.AdjustmentConflict;
            }

            var (onHand, reserved) = Counts[storeId];
            return onHand + delta < 0 ? ErrorCodes.NegativeStock
                : onHand + delta < reserved ? ErrorCodes.StockBelowReserved
                : null;
        }

        public void ApplyAdjustment(string adjustmentId, string storeId, long delta)
        {
            if (Adjustments.TryAdd(adjustmentId, (storeId, delta)))
            {
                Counts[storeId] = Counts[storeId] with { OnHand = Counts[storeId].OnHand + delta };
            }
        }

        private string? ExpectedRefusal(ReservationRequest request)
        {
            if (request.Mode == FulfilmentMode.Ship)
            {
                return request.Quantity > Shippable() ? ErrorCodes.InsufficientStock : null;
            }

            var storeId = request.PickupStoreId!;
            return !_specs[storeId].CanPickup ? ErrorCodes.PickupNotAvailable
                : request.Quantity > Math.Min(Free(storeId), Available()) ? ErrorCodes.InsufficientStock
                : null;
        }

        /// <summary>
        /// Pick-up: the chosen store. Shipping: only stores that ship and have the units; the nearest that holds the whole
        /// quantity, or, when none does, as few stores as can hold it. Which stores, only for a reservation made alone: at
        /// once with others, what each store had free when the pool took it depends on the order it took them in.
        /// </summary>
        private void CheckAllocation(ReservationRequest request, Reservation reservation, bool concurrent)
        {
            Assert.Equal(request.Quantity, reservation.Allocations.Sum(a => a.Quantity));
            Assert.All(reservation.Allocations, a => Assert.True(a.Quantity > 0 && (concurrent || a.Quantity <= Free(a.StoreId))));
            if (request.Mode == FulfilmentMode.Pickup)
            {
                Assert.Equal(request.PickupStoreId, reservation.Allocations.Single().StoreId);
                return;
            }

            Assert.All(reservation.Allocations, a => Assert.True(_specs[a.StoreId].CanShip, $"{a.StoreId} cannot ship"));
            if (concurrent)
            {
                return;
            }

            var shipping = Counts.Keys.Where(s => _specs[s].CanShip && Free(s) > 0).ToList();
            var wholeAt = shipping.Where(s => Free(s) >= request.Quantity).OrderBy(s => _specs[s].At.DistanceKmTo(PeoplesSquare)).FirstOrDefault();
            if (wholeAt is not null)
            {
                Assert.Equal(wholeAt, reservation.Allocations.Single().StoreId);
                return;
            }

            long covered = 0;
            var fewest = shipping.Select(Free).OrderDescending().TakeWhile(free => (covered += free) - free < request.Quantity).Count();
            Assert.Equal(fewest, reservation.Allocations.Length);
            Assert.True(reservation.Split);
        }

        private static int? Ttl(Random random) => random.Next(4) == 0 ? null : random.Next(1, 600);
    }
}
