using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>
/// A guide's customers and daily figures. Reentrant with coalesced writes: a host selling in a busy live room may be
/// credited hundreds of sales a second, and each only waits for the next shared write, not for every earlier one.
/// </summary>
[Reentrant]
public sealed class GuideGrain : Grain, IGuideGrain
{
    private readonly IPersistentState<GuideState> _state;
    private readonly LocalCalendar _calendar;
    private readonly GuideOptions _options;
    private readonly CoalescedWriter _writer;
    private GuideState _live = new();

    public GuideGrain(
        [PersistentState("guide", StorageNames.GrainState)] IPersistentState<GuideState> state,
        LocalCalendar calendar,
        IOptions<GuideOptions> options)
    {
        _state = state;
        _calendar = calendar;
        _options = options.Value;
        _writer = new CoalescedWriter(Save);
    }

    private string GuideId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = _state.State.Copy();
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

        if (_live.Profile != profile)
        {
            _live.Profile = profile;
            await _writer.WriteAsync();
        }

        return profile;
    }

    public Task<GuideProfile?> GetProfile() => Task.FromResult(_live.Profile);

    public Task<GuideView?> GetView()
    {
        if (_live.Profile is not { } profile)
        {
            return Task.FromResult<GuideView?>(null);
        }

        var today = _calendar.Today();
        var day = _live.Days.GetValueOrDefault(today);
        var performance = new GuidePerformance(today, day?.SalesAmount ?? 0, day?.Orders ?? 0, day?.NewMembers ?? 0, day?.Commission ?? 0);
        return Task.FromResult<GuideView?>(new GuideView(profile, performance, _live.Customers.Count, _live.Coins));
    }

    public Task<ImmutableArray<GuideCustomer>> GetCustomers() =>
        Task.FromResult(_live.Customers.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new GuideCustomer(c.Key, c.Value)).ToImmutableArray());

    public async Task RecordSale(SaleCredit sale)
    {
        var day = Day(_calendar.DayOf(sale.At));
        if (!day.SaleIds.Add(sale.SaleId))
        {
            return;
        }

        day.SalesAmount += sale.Amount;
        day.Orders++;
        day.Commission += sale.Commission;
        await _writer.WriteAsync();
    }

    public async Task AddCustomer(string memberId, DateTimeOffset boundAt)
    {
        if (!_live.Customers.TryAdd(memberId, boundAt))
        {
            return;
        }

        Day(_calendar.DayOf(boundAt)).NewMembers++;
        await _writer.WriteAsync();
    }

    public async Task RemoveCustomer(string memberId)
    {
        if (_live.Customers.Remove(memberId))
        {
            await _writer.WriteAsync();
        }
    }

    private GuideDay Day(DateOnly date)
    {
        if (!_live.Days.TryGetValue(date, out var day))
        {
            _live.Days[date] = day = new GuideDay();
            var oldest = _calendar.Today().AddDays(-_options.HistoryDays);
            foreach (var old in _live.Days.Keys.Where(d => d < oldest).ToList())
            {
                _live.Days.Remove(old);
            }
        }

        return day;
    }

    private Task Save()
    {
        // Storage gets a copy: later turns keep changing the live state while the write is in flight.
        _state.State = _live.Copy();
        return _state.WriteStateAsync();
    }
}
