using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>
/// A reentrant grain's figures per local day (a guide's or a store's), kept as the entries that make them up: counting
/// one appends it to the <see cref="ISalesLedger"/>, with whatever else was counted meanwhile (group commit), and the
/// figures are rebuilt from the ledger when the owner activates. The ids of the kept days are remembered in memory, so
/// a repeat counts nothing; a write never carries them. Entries of days older than the kept ones are not counted:
/// their repeats could no longer be recognised.
/// </summary>
/// <remarks>
/// After a failed append the owner must be deactivated (<c>failed</c>): memory is then ahead of storage, and the
/// callers — which retry — must meet an activation that rebuilt its figures from what the ledger holds.
/// </remarks>
internal sealed class DailyFigures
{
    private readonly ISalesLedger _ledger;
    private readonly string _ownerId;
    private readonly LocalCalendar _calendar;
    private readonly int _historyDays;
    private readonly GroupCommit<SalesEntry> _commit;
    private readonly Dictionary<DateOnly, Day> _days = [];
    private Task? _loaded;
    private DateOnly? _forgetBefore;

    public DailyFigures(ISalesLedger ledger, string ownerId, LocalCalendar calendar, int historyDays, Action failed)
    {
        _ledger = ledger;
        _ownerId = ownerId;
        _calendar = calendar;
        _historyDays = historyDays;
        _commit = new GroupCommit<SalesEntry>(async batch =>
        {
            try
            {
                await _ledger.AppendAsync(_ownerId, batch);
                if (_forgetBefore is { } before)
                {
                    _forgetBefore = null;
                    await _ledger.ForgetBeforeAsync(_ownerId, before);
                }
            }
            catch
            {
                failed();
                throw;
            }
        });
    }

    private DateOnly OldestKept => _calendar.Today().AddDays(-_historyDays);

    /// <summary>The figures of the day (zero when nothing was counted in it).</summary>
    public async Task<DayTotals> GetAsync(DateOnly day)
    {
        await EnsureLoadedAsync();
        return _days.GetValueOrDefault(day)?.Totals ?? default;
    }

    /// <summary>
    /// Counts the entry unless its id was already counted that day. Completes when it is stored — also for a repeat
    /// whose first count is still being written, so a caller never hears "done" before the entry is durable.
    /// </summary>
    public async Task CountAsync(SalesEntry entry)
    {
        await EnsureLoadedAsync();
        if (entry.Day < OldestKept)
        {
            return;
        }

        var day = DayOf(entry.Day);
        await (day.Ids.Add(entry.EntryId) ? Count(day, entry) : _commit.WhenAllDurable());
    }

    private Task Count(Day day, SalesEntry entry)
    {
        day.Totals = day.Totals.Add(entry);
        return _commit.Append([entry]);
    }

    private Task EnsureLoadedAsync()
    {
        // A failed read is tried again by the next caller rather than remembered.
        if (_loaded is null || _loaded.IsFaulted)
        {
            _loaded = LoadAsync();
        }

        return _loaded;
    }

    private async Task LoadAsync()
    {
        var oldest = OldestKept;
        var entries = await _ledger.ReadAsync(_ownerId, oldest);
        _days.Clear();
        foreach (var entry in entries)
        {
            var day = DayOf(entry.Day);
            if (day.Ids.Add(entry.EntryId))
            {
                day.Totals = day.Totals.Add(entry);
            }
        }

        // Rows of earlier days may remain from before; they go with the next append.
        _forgetBefore = oldest;
    }

    private Day DayOf(DateOnly date)
    {
        if (!_days.TryGetValue(date, out var day))
        {
            _days[date] = day = new Day();
            var oldest = OldestKept;
            foreach (var old in _days.Keys.Where(d => d < oldest).ToList())
            {
                _days.Remove(old);
                _forgetBefore = oldest;
            }
        }

        return day;
    }

    private sealed class Day
    {
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public DayTotals Totals { get; set; }
    }
}
