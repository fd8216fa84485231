using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Persistence;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// A guide's customers and daily figures. Reentrant with coalesced writes: a host selling in a busy live room may be
/// credited hundreds of sales a second, and each only waits for the next shared write, not for every earlier one.
/// Profile, customers and daily figures are persisted apart, so a sale does not rewrite the customer list.
/// </summary>
[Reentrant]
public sealed class GuideGrain : Grain, IGuideGrain
{
    private readonly IPersistentState<GuideState> _profileStorage;
    private readonly IPersistentState<GuideCustomersState> _customersStorage;
    private readonly IPersistentState<GuideDaysState> _daysStorage;
    private readonly LocalCalendar _calendar;
    private readonly GuideOptions _options;
    private readonly ScoreAggregator _scores;
    private StatePart<GuideState> _profile = null!;
    private StatePart<GuideCustomersState> _customers = null!;
    private StatePart<GuideDaysState> _days = null!;
    private string? _regionId;

    public GuideGrain(
        [PersistentState("guide", StorageNames.GrainState)] IPersistentState<GuideState> profile,
        [PersistentState("guide-customers", StorageNames.GrainState)] IPersistentState<GuideCustomersState> customers,
        [PersistentState("guide-days", StorageNames.GrainState)] IPersistentState<GuideDaysState> days,
        LocalCalendar calendar,
        IOptions<GuideOptions> options,
        ScoreAggregator scores)
    {
        _profileStorage = profile;
        _customersStorage = customers;
        _daysStorage = days;
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
        _days = new StatePart<GuideDaysState>(_daysStorage, s => s.Copy());
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

    public Task<GuideView?> GetView()
    {
        if (_profile.Live.Profile is not { } profile)
        {
            return Task.FromResult<GuideView?>(null);
        }

        var today = _calendar.Today();
        var day = _days.Live.Days.GetValueOrDefault(today);
        var performance = new GuidePerformance(today, day?.SalesAmount ?? 0, day?.Orders ?? 0, day?.NewMembers ?? 0, day?.Commission ?? 0);
        return Task.FromResult<GuideView?>(new GuideView(profile, performance, Customers.Count, _profile.Live.Coins));
    }

    public Task<ImmutableArray<GuideCustomer>> GetCustomers() =>
        Task.FromResult(Customers.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new GuideCustomer(c.Key, c.Value)).ToImmutableArray());

    public async Task RecordSale(SaleCredit sale)
    {
        var date = _calendar.DayOf(sale.At);
        var day = Day(date);
        if (day.SaleIds.Add(sale.SaleId))
        {
            day.SalesAmount += sale.Amount;
            day.Orders++;
            day.Commission += sale.Commission;
            await _days.WriteAsync();
        }

        // Also when the sale was counted before: that report may not have reached the boards (the caller retries).
        await ReportScores(date, new ScoreEvent(sale.SaleId, ScoreEventKind.PaidOrder, GuideId, TeamId, sale.Amount, sale.At));
    }

    public async Task AddCustomer(string memberId, DateTimeOffset boundAt)
    {
        if (Customers.TryAdd(memberId, boundAt))
        {
            Day(_calendar.DayOf(boundAt)).NewMembers++;
            await Task.WhenAll(_customers.WriteAsync(), _days.WriteAsync());
        }

        var boundAtNow = Customers[memberId];
        await ReportScores(_calendar.DayOf(boundAtNow), new ScoreEvent($"member:{memberId}", ScoreEventKind.NewMember, GuideId, TeamId, 1, boundAtNow));
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
        var day = _days.Live.Days.GetValueOrDefault(date) ?? new GuideDay();
        await _scores.Report(new ScoreFact(
            ScoreSubject.Guide, GuideId, profile.Name, date, _regionId, profile.TeamId,
            day.SalesAmount, day.Orders, day.NewMembers, day.Commission, [happened]));
    }

    private GuideDay Day(DateOnly date)
    {
        var days = _days.Live.Days;
        if (!days.TryGetValue(date, out var day))
        {
            days[date] = day = new GuideDay();
            var oldest = _calendar.Today().AddDays(-_options.HistoryDays);
            foreach (var old in days.Keys.Where(d => d < oldest).ToList())
            {
                days.Remove(old);
            }
        }

        return day;
    }
}
