using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Grains.Persistence;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// A guide's customers and daily figures. Reentrant with coalesced writes: a host selling in a busy live room may be
/// credited hundreds of sales a second, and each only waits for the next shared write, not for every earlier one.
/// The profile is grain state, the customers one row each (<see cref="IGuideCustomerStore"/>), and the daily figures
/// an append-only ledger of the sales counted (<see cref="DailyFigures"/>), so a sale or a new customer writes one
/// row: not the customer list, nor the day's earlier sales. Tasks from headquarters and their coins are part of the
/// profile state (<see cref="GuideTasks"/>): a task's progress and the coins its completion pays are one write.
/// </summary>
[Reentrant]
public sealed class GuideGrain : Grain, IGuideGrain
{
    private readonly IPersistentState<GuideState> _profileStorage;
    private readonly IPersistentState<GuideCustomersState> _customersStorage;
    private readonly ISalesLedger _ledger;
    private readonly IGuideCustomerStore _customerStore;
    private readonly LocalCalendar _calendar;
    private readonly GuideOptions _options;
    private readonly ScoreAggregator _scores;
    private readonly UserNotifier _notifier;
    private readonly TimeProvider _time;

    /// <summary>The guide's customers and when they bound; a write stores the members it names as they are here.</summary>
    private readonly Dictionary<string, DateTimeOffset> _customers = new(StringComparer.Ordinal);
    private StatePart<GuideState> _profile = null!;
    private GroupCommit<string> _customerWrites = null!;
    private DailyFigures _figures = null!;
    private GuideTasks _tasks = null!;

    /// <summary>
    /// The region of the guide's store, as last looked up, and when: stores change region rarely, and a guide reporting
    /// hundreds of sales a second should not ask its store each time — but a busy guide stays in memory all day, so
    /// the answer is asked again after a minute or two and a store's move reaches the region boards.
    /// </summary>
    private string? _regionId;
    private long _regionLookedUpAt;

    /// <summary>
    /// How long this activation keeps the region: a minute and up to a minute more, so the guides that began selling
    /// together (a shift, a flash sale) do not all ask their stores again in the same second.
    /// </summary>
    private readonly TimeSpan _regionKeptFor = TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(Random.Shared.Next(60));

    public GuideGrain(
        [PersistentState("guide", StorageNames.GrainState)] IPersistentState<GuideState> profile,
        [PersistentState("guide-customers", StorageNames.GrainState)] IPersistentState<GuideCustomersState> customers,
        ISalesLedger ledger,
        IGuideCustomerStore customerStore,
        LocalCalendar calendar,
        IOptions<GuideOptions> options,
        ScoreAggregator scores,
        UserNotifier notifier,
        TimeProvider time)
    {
        _notifier = notifier;
        _time = time;
        _profileStorage = profile;
        _customersStorage = customers;
        _ledger = ledger;
        _customerStore = customerStore;
        _calendar = calendar;
        _options = options.Value;
        _scores = scores;
    }

    private string GuideId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _profile = new StatePart<GuideState>(_profileStorage, s => s.Copy());
        _tasks = new GuideTasks(_profile.Live.Tasks);
        _figures = new DailyFigures(_ledger, $"guide/{GuideId}", _calendar, _options.HistoryDays, failed: DeactivateOnIdle);

        // A failed customer write may have landed unheard: the guide must read its customers again.
        _customerWrites = new GroupCommit<string>(WriteCustomers, _ => DeactivateOnIdle());
        await MoveCustomersStateToRows(cancellationToken);
        foreach (var customer in await _customerStore.ReadAsync(GuideId, cancellationToken))
        {
            _customers[customer.MemberId] = customer.BoundAt;
        }
    }

    public async Task<GuideProfile> Define(GuideProfile profile)
    {
        if (profile.GuideId != GuideId)
        {
            throw DomainException.Invalid(ErrorCodes.KeyMismatch, $"The profile is for guide '{profile.GuideId}', not '{GuideId}'.");
        }

        profile = profile with { Name = profile.Name?.Trim() ?? "" };
        profile.Validate().ThrowIfInvalid();
        if (await GrainFactory.GetGrain<IStoreGrain>(profile.StoreId).GetProfile() is not { } store)
        {
            throw DomainException.Invalid(ErrorCodes.UnknownStore, $"Store '{profile.StoreId}' does not exist.");
        }

        if (_profile.Live.Profile is var previous && previous != profile)
        {
            _profile.Live.Profile = profile;
            _regionId = store.RegionId;
            _regionLookedUpAt = _time.GetTimestamp();
            await _profile.WriteAsync();
            if (previous is not null && previous.StoreId != profile.StoreId)
            {
                // Moved: the old store's alerts are no longer the guide's to hear.
                await _notifier.EndStoreWatch(previous.StoreId, Roles.Guide, GuideId);
            }
        }
        else
        {
            // A repeat: answered once the profile it repeats is stored.
            await _profile.WhenAllDurable();
        }

        return profile;
    }

    public Task<GuideProfile?> GetProfile() => Task.FromResult(_profile.Live.Profile);

    public async Task<GuideView?> GetView()
    {
        if (_profile.Live.Profile is not { } profile)
        {
            return null;
        }

        var today = _calendar.Today();
        var day = await _figures.GetAsync(today);
        var performance = new GuidePerformance(today, day.SalesAmount, day.Orders, day.NewMembers, day.Commission);
        return new GuideView(profile, performance, _customers.Count, _profile.Live.Coins);
    }

    public async Task<ImmutableArray<GuidePerformance>?> GetDays()
    {
        if (_profile.Live.Profile is null)
        {
            return null;
        }

        var today = _calendar.Today();
        var days = ImmutableArray.CreateBuilder<GuidePerformance>(_options.HistoryDays + 1);
        for (var date = today; date >= today.AddDays(-_options.HistoryDays); date = date.AddDays(-1))
        {
            var day = await _figures.GetAsync(date);
            days.Add(new GuidePerformance(date, day.SalesAmount, day.Orders, day.NewMembers, day.Commission));
        }

        return days.MoveToImmutable();
    }

    public Task<ImmutableArray<GuideCustomer>> GetCustomers() =>
        Task.FromResult(_customers.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new GuideCustomer(c.Key, c.Value)).ToImmutableArray());

    public Task<GuideCustomerPage?> GetCustomerPage(string? after, int take)
    {
        if (after is not null && !_customers.ContainsKey(after))
        {
            return Task.FromResult<GuideCustomerPage?>(null);
        }

        var latestFirst = _customers.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal);
        var rest = after is null ? latestFirst : latestFirst.SkipWhile(c => c.Key != after).Skip(1);

        // One more than asked says whether another page follows.
        var page = rest.Take(take + 1).Select(c => new GuideCustomer(c.Key, c.Value)).ToList();
        var more = page.Count > take;
        if (more)
        {
            page.RemoveAt(take);
        }

        return Task.FromResult<GuideCustomerPage?>(new GuideCustomerPage([.. page], more ? page[^1].MemberId : null));
    }

    public async Task RecordSale(SaleCredit sale)
    {
        var date = _calendar.DayOf(sale.At);
        await _figures.CountAsync(new SalesEntry(sale.SaleId, date, sale.Amount, Orders: 1, NewMembers: 0, sale.Commission));

        // Also when the sale was counted before: that report may not have reached the boards (the caller retries).
        await ReportScores(date, new ScoreEvent(sale.SaleId, ScoreEventKind.PaidOrder, GuideId, TeamId, sale.Amount, sale.At));
    }

    public async Task AddCustomer(string memberId, DateTimeOffset boundAt)
    {
        var added = _customers.TryAdd(memberId, boundAt);
        var boundAtNow = _customers[memberId];
        var date = _calendar.DayOf(boundAtNow);

        // Counted also when the member was already a customer: a retry after a failed write counts it exactly once,
        // whichever of the two writes had landed. Under a '/' no order id has (a paid order counts under its own id).
        var entryId = $"member/{memberId}";
        await Task.WhenAll(
            added ? _customerWrites.Append([memberId]) : _customerWrites.WhenAllDurable(),
            _figures.CountAsync(new SalesEntry(entryId, date, Amount: 0, Orders: 0, NewMembers: 1, Commission: 0)));
        await ReportScores(date, new ScoreEvent(entryId, ScoreEventKind.NewMember, GuideId, TeamId, 1, boundAtNow));

        // Also on a retry: the count recognises the member, and its earlier write may have failed.
        await CountTowardTasks(GuideTaskKind.AddCustomers, entryId, boundAtNow);
    }

    public async Task<GuideTask> AssignTask(AssignGuideTask task)
    {
        task = task with { Title = task.Title?.Trim() ?? "" };
        task.Validate().ThrowIfInvalid();
        EnsureDefined();
        var (view, assigned) = _tasks.Assign(task, _time.GetUtcNow());
        if (!assigned)
        {
            // A repeat: answered once the assignment it repeats is stored.
            await _profile.WhenAllDurable();
            return view;
        }

        await _profile.WriteAsync();
        _notifier.GuideAlert(GuideId, new GuideAlert(
            GuideAlertKind.Task, $"New task: {task.Title} ({task.Target} {Unit(task.Kind)}, {task.Coins} coins).", TaskId: task.TaskId));
        return view;
    }

    public Task<ImmutableArray<GuideTask>> GetTasks() => Task.FromResult(_tasks.All(_time.GetUtcNow()));

    public Task<GuideTask?> GetTask(string taskId) => Task.FromResult(_tasks.Find(taskId, _time.GetUtcNow()));

    public async Task<GuideTask> ReportForward(string taskId, string forwardId)
    {
        new Validation().RequireId(forwardId, "forwardId").ThrowIfInvalid();
        EnsureDefined();
        var now = _time.GetUtcNow();
        var (changed, completed) = _tasks.CountForward(taskId, forwardId, now);
        var task = _tasks.Find(taskId, now)!;
        await StoreTaskProgress(changed, completed is null ? [] : [completed]);
        return task;
    }

    public Task CountTowardTasks(GuideTaskKind kind, string happenedId, DateTimeOffset at)
    {
        // Named by the grains ("member/{id}", "room/{id}"), not by a client: only its size is checked.
        new Validation().Require(happenedId is { Length: > 0 and <= Validation.MaxSystemIdLength }, "happenedId", "happenedId is required.").ThrowIfInvalid();
        var (changed, completed) = _tasks.Count(kind, happenedId, at, _time.GetUtcNow());
        return StoreTaskProgress(changed, completed);
    }

    public async Task AwardCoins(string awardId, long coins, string reason)
    {
        new Validation().RequireId(awardId, "awardId", Validation.MaxSystemIdLength).Require(coins > 0, "coins", "coins must be positive.").ThrowIfInvalid();
        if (_profile.Live.Awards.Add(awardId))
        {
            _profile.Live.Coins += coins;
            await _profile.WriteAsync();
            return;
        }

        // A repeat is answered only once the award is stored: its caller (a PK retrying an award whose answer was
        // late) takes the answer as paid for good, and the first write may still be underway, or fail.
        await _profile.WhenAllDurable();
    }

    public async Task RemoveCustomer(string memberId)
    {
        await (_customers.Remove(memberId) ? _customerWrites.Append([memberId]) : _customerWrites.WhenAllDurable());
    }

    private string TeamId => _profile.Live.Profile?.TeamId ?? "";

    private GuideProfile EnsureDefined() =>
        _profile.Live.Profile ?? throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Guide '{GuideId}' does not exist.");

    /// <summary>
    /// Stores what a count changed, paying the coins of the tasks it completed in the same write (called in the step that
    /// counted, before any await, so no other call sees a task done and unpaid); a count that changed nothing is
    /// answered once what it repeats is stored. The guide is told of a completed task once it is stored.
    /// </summary>
    private async Task StoreTaskProgress(bool changed, IReadOnlyList<GuideTask> completed)
    {
        _profile.Live.Coins += completed.Sum(t => t.Coins);
        if (!changed)
        {
            await _profile.WhenAllDurable();
            return;
        }

        await _profile.WriteAsync();
        foreach (var task in completed)
        {
            _notifier.GuideAlert(GuideId, new GuideAlert(GuideAlertKind.Task, $"Task done: {task.Title}: +{task.Coins} coins.", TaskId: task.TaskId));
        }
    }

    private static string Unit(GuideTaskKind kind) => kind switch
    {
        GuideTaskKind.AddCustomers => "new customers",
        GuideTaskKind.ForwardMaterial => "forwards",
        _ => "live rooms",
    };

    /// <summary>Today's figures (absolute) and the event behind them, to the boards and PKs; completes once they have them stored.</summary>
    private async Task ReportScores(DateOnly date, ScoreEvent happened)
    {
        if (_profile.Live.Profile is not { } profile)
        {
            return;
        }

        var regionId = _regionId;
        if (regionId is null || _time.GetElapsedTime(_regionLookedUpAt) >= _regionKeptFor)
        {
            var lookedUpAt = _time.GetTimestamp();
            regionId = (await GrainFactory.GetGrain<IStoreGrain>(profile.StoreId).GetProfile())?.RegionId ?? "";

            // Kept only for the profile it was looked up for: a move to another store while the store answered has
            // set the new store's region, which this must not overwrite.
            if (ReferenceEquals(_profile.Live.Profile, profile))
            {
                _regionId = regionId;
                _regionLookedUpAt = lookedUpAt;
            }
        }

        var day = await _figures.GetAsync(date);
        await _scores.Report(new ScoreFact(
            ScoreSubject.Guide, GuideId, profile.Name, date, regionId, profile.TeamId,
            day.SalesAmount, day.Orders, day.NewMembers, day.Commission, [happened]));
    }

    /// <summary>One write for the members a batch touched, each as it is now: still a customer (stored), or not (deleted).</summary>
    private Task WriteCustomers(IReadOnlyList<string> touched)
    {
        var members = touched.Distinct(StringComparer.Ordinal).ToList();
        var bound = members.Where(_customers.ContainsKey).Select(m => new GuideCustomer(m, _customers[m])).ToList();
        var unbound = members.Where(m => !_customers.ContainsKey(m)).ToList();
        return _customerStore.WriteAsync(GuideId, bound, unbound);
    }

    /// <summary>
    /// Customer lists stored before 2026-12-01 were one grain state, rewritten whole with every new customer: they move
    /// to the customer store once (a repeat stores the same rows), then the state is cleared.
    /// </summary>
    private async Task MoveCustomersStateToRows(CancellationToken cancellationToken)
    {
        if (_customersStorage.State.Customers.Count > 0)
        {
            await _customerStore.WriteAsync(GuideId, [.. _customersStorage.State.Customers.Select(c => new GuideCustomer(c.Key, c.Value))], [], cancellationToken);
            await _customersStorage.ClearStateAsync(cancellationToken);
        }
    }
}
