using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>
/// A reentrant grain's figures per local day (a guide's, a store's or a live room's), kept as the entries that make them up: counting
/// one appends it to the <see cref="ISalesLedger"/> with whatever else was counted meanwhile (group commit), and the
/// figures grow by what the ledger says it newly stored. So they only ever show what is stored, a repeat counts
/// nothing (storage recognises it; no ids are held in memory), and an activation reads the days' sums back.
/// With a history of days, entries of days older than the kept ones are not counted: their repeats could no longer be
/// recognised. Without one (a live room's orders, counted over its whole life), every day is kept.
/// </summary>
/// <remarks>
/// After a failed append the owner must be deactivated (<c>failed</c>): the append may have landed without the figures
/// hearing of it, and the callers — which retry — must meet an activation that read its figures from storage.
/// </remarks>
internal sealed class DailyFigures
{
    private readonly ISalesLedger _ledger;
    private readonly string _ownerId;
    private readonly LocalCalendar _calendar;
    private readonly int? _historyDays;
    private readonly GroupCommit<SalesEntry> _commit;
    private Dictionary<DateOnly, DayTotals> _days = [];
    private Task? _loaded;
    private DateOnly? _forgetBefore;

    public DailyFigures(ISalesLedger ledger, string ownerId, LocalCalendar calendar, int? historyDays, Action failed)
    {
        _ledger = ledger;
        _ownerId = ownerId;
        _calendar = calendar;
        _historyDays = historyDays;
        _commit = new GroupCommit<SalesEntry>(Write, _ => failed());
    }

    private DateOnly OldestKept => _historyDays is { } days ? _calendar.Today().AddDays(-days) : DateOnly.MinValue;

    /// <summary>The sums over every kept day, as last read or counted; call <see cref="LoadAsync"/> first.</summary>
    public DayTotals Total => _days.Values.Aggregate(default(DayTotals), (total, day) => total + day);

    /// <summary>The stored figures of the day (zero when nothing was counted in it).</summary>
    public async Task<DayTotals> GetAsync(DateOnly day)
    {
        await EnsureLoadedAsync();
        return _days.GetValueOrDefault(day);
    }

    /// <summary>Counts the entry unless its id was already counted that day; completes when it is stored and counted.</summary>
    public async Task CountAsync(SalesEntry entry)
    {
        await EnsureLoadedAsync();
        if (entry.Day >= OldestKept)
        {
            await _commit.Append([entry]);
        }
    }

    private async Task Write(IReadOnlyList<SalesEntry> batch)
    {
        foreach (var stored in await _ledger.AppendAsync(_ownerId, batch))
        {
            Add(stored);
        }

        if (_forgetBefore is { } before)
        {
            _forgetBefore = null;
            await _ledger.ForgetBeforeAsync(_ownerId, before);
        }
    }

    /// <summary>Reads the stored figures, unless they were read already.</summary>
    public Task LoadAsync() => EnsureLoadedAsync();

    private Task EnsureLoadedAsync()
    {
        // A failed read is tried again by the next caller rather than remembered.
        if (_loaded is null || _loaded.IsFaulted)
        {
            _loaded = ReadAsync();
        }

        return _loaded;
    }

    private async Task ReadAsync()
    {
        // All stored days, so rows of days no longer kept are noticed (they go with the next append) without a
        // delete on every activation.
        var stored = await _ledger.ReadTotalsAsync(_ownerId, DateOnly.MinValue);
        var oldest = OldestKept;
        _days = stored.Where(d => d.Key >= oldest).ToDictionary();
        if (stored.Keys.Any(d => d < oldest))
        {
            _forgetBefore = oldest;
        }
    }

    private void Add(SalesEntry entry)
    {
        if (!_days.TryGetValue(entry.Day, out var totals))
        {
            // A new day: the days no longer kept leave memory now and storage with this write.
            var oldest = OldestKept;
            foreach (var old in _days.Keys.Where(d => d < oldest).ToList())
            {
                _days.Remove(old);
                _forgetBefore = oldest;
            }
        }

        _days[entry.Day] = totals.Add(entry);
    }
}
