using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Persistence;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// A guide's customers and daily figures. Reentrant with coalesced writes: a host selling in a busy live room may be
/// credited hundreds of sales a second, and each only waits for the next shared write, not for every earlier one.
/// Profile and customers are persisted apart, and the daily figures are an append-only ledger of the sales counted
/// (<see cref="DailyFigures"/>), so a sale writes one row: not the customer list, nor the day's earlier sales.
/// </summary>
[Reentrant]
public sealed class GuideGrain : Grain, IGuideGrain
{
    private readonly IPersistentState<GuideState> _profileStorage;
    private readonly IPersistentState<GuideCustomersState> _customersStorage;
    private readonly ISalesLedger _ledger;
    private readonly LocalCalendar _calendar;
    private readonly GuideOptions _options;
    private readonly ScoreAggregator _scores;
    private StatePart<GuideState> _profile = null!;
    private StatePart<GuideCustomersState> _customers = null!;
    private DailyFigures _figures = null!;
    private string? _regionId;

    public GuideGrain(
        [PersistentState("guide", StorageNames.GrainState)] IPersistentState<GuideState> profile,
        [PersistentState("guide-customers", StorageNames.GrainState)] IPersistentState<GuideCustomersState> customers,
        ISalesLedger ledger,
        LocalCalendar calendar,
        IOptions<GuideOptions> options,
        ScoreAggregator scores)
    {
        _profileStorage = profile;
        _customersStorage = customers;
        _ledger = ledger;
        _calendar = calendar;
        _options = options.Value;
        _scores = scores;
    }

    private string GuideId => this.GetPrimaryKeyString();

    private Dictionary<string, DateTimeOffset> Customers => _customers.Live.Customers;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _profile = new StatePart<GuideState>(_profileStorage, s => s.Copy());
        _customers = new StatePart<GuideCustomersState>(_customersStorage, s => s.Copy());
        _figures = new DailyFigures(_ledger, $"guide/{GuideId}", _calendar, _options.HistoryDays, failed: DeactivateOnIdle);
        return Task.CompletedTask;
    }

    public async Task<GuideProfile> Define(GuideProfile profile)
    {
        if (profile.GuideId != GuideId)
        {
            throw DomainException.Invalid(ErrorCodes.KeyMismatch, $"The profile is for guide '{profile.GuideId}', not '{GuideId}'.");
        }

        profile = profile with { Name = profile.Name?.Trim() ?? "" };
        profile.Validate().ThrowIfInvalid();
        if (await GrainFactory.GetGrain<IStoreGrain>(profile.StoreId).GetProfile() is null)
        {
            throw DomainException.Invalid(ErrorCodes.UnknownStore, $"Store '{profile.StoreId}' does not exist.");
        }

        if (_profile.Live.Profile != profile)
        {
            _profile.Live.Profile = profile;
            _regionId = null;
            await _profile.WriteAsync();
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
        return new GuideView(profile, performance, Customers.Count, _profile.Live.Coins);
    }

    public Task<ImmutableArray<GuideCustomer>> GetCustomers() =>
        Task.FromResult(Customers.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new GuideCustomer(c.Key, c.Value)).ToImmutableArray());

    public async Task RecordSale(SaleCredit sale)
    {
        var date = _calendar.DayOf(sale.At);
        await _figures.CountAsync(new SalesEntry(sale.SaleId, date, sale.Amount, Orders: 1, NewMembers: 0, sale.Commission));

        // Also when the sale was counted before: that report may not have reached the boards (the caller retries).
        await ReportScores(date, new ScoreEvent(sale.SaleId, ScoreEventKind.PaidOrder, GuideId, TeamId, sale.Amount, sale.At));
    }

    public async Task AddCustomer(string memberId, DateTimeOffset boundAt)
    {
        var added = Customers.TryAdd(memberId, boundAt);
        var boundAtNow = Customers[memberId];
        var date = _calendar.DayOf(boundAtNow);

        // Counted also when the member was already a customer: a retry after a failed write counts it exactly once,
        // whichever of the two writes had landed.
        var entryId = $"member:{memberId}";
        await Task.WhenAll(
            added ? _customers.WriteAsync() : Task.CompletedTask,
            _figures.CountAsync(new SalesEntry(entryId, date, Amount: 0, Orders: 0, NewMembers: 1, Commission: 0)));
        await ReportScores(date, new ScoreEvent(entryId, ScoreEventKind.NewMember, GuideId, TeamId, 1, boundAtNow));
    }

    public async Task AwardCoins(string awardId, long coins, string reason)
    {
        new Validation().RequireId(awardId, "awardId").Require(coins > 0, "coins", "coins must be positive.").ThrowIfInvalid();
        if (_profile.Live.Awards.Add(awardId))
        {
            _profile.Live.Coins += coins;
            await _profile.WriteAsync();
        }
    }

    public async Task RemoveCustomer(string memberId)
    {
        if (Customers.Remove(memberId))
        {
            await _customers.WriteAsync();
        }
    }

    private string TeamId => _profile.Live.Profile?.TeamId ?? "";

    /// <summary>Today's figures (absolute) and the event behind them, to the boards and PKs; completes once they have them stored.</summary>
    private async Task ReportScores(DateOnly date, ScoreEvent happened)
    {
        if (_profile.Live.Profile is not { } profile)
        {
            return;
        }

        _regionId ??= (await GrainFactory.GetGrain<IStoreGrain>(profile.StoreId).GetProfile())?.RegionId ?? "";
        var day = await _figures.GetAsync(date);
        await _scores.Report(new ScoreFact(
            ScoreSubject.Guide, GuideId, profile.Name, date, _regionId, profile.TeamId,
            day.SalesAmount, day.Orders, day.NewMembers, day.Commission, [happened]));
    }
}
