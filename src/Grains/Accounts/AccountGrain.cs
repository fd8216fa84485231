using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Accounts;

/// <summary>
/// A franchisee's settlement per local day, kept as the ledger of its parts of paid orders (<see cref="DailyFigures"/>,
/// every day kept: a statement may cover months). Reentrant with group commit, like a store: a dealer with many stores
/// is credited at every order they fulfil.
/// </summary>
[Reentrant]
public sealed class AccountGrain(ISalesLedger ledger, LocalCalendar calendar) : Grain, IAccountGrain
{
    private DailyFigures _owed = null!;

    private string AccountId => this.GetPrimaryKeyString();

    private string Owner => $"account/{AccountId}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _owed = new DailyFigures(ledger, Owner, calendar, historyDays: null, failed: DeactivateOnIdle);
        return Task.CompletedTask;
    }

    public Task Credit(string orderId, long amount, DateTimeOffset paidAt) =>
        _owed.CountAsync(new SalesEntry(orderId, calendar.DayOf(paidAt), amount, Orders: 1, NewMembers: 0, Commission: 0));

    public async Task<AccountOrderPage> GetOrders(DateOnly day, string? after, int take)
    {
        new Validation()
            .Require(take is >= 1 and <= IAccountGrain.MaxOrdersPage, "take", $"take must be between 1 and {IAccountGrain.MaxOrdersPage}.")
            .Require(after is null || Validation.IsValidId(after), "after", "after is an order id.")
            .ThrowIfInvalid();

        // One more than asked, to know whether more follow.
        var entries = await ledger.ReadEntriesAsync(Owner, day, after, take + 1);
        var page = entries.Take(take).Select(e => new AccountOrder(e.EntryId, e.Amount)).ToImmutableArray();
        return new AccountOrderPage(AccountId, day, page, entries.Count > take ? page[^1].OrderId : null);
    }

    public async Task<AccountStatement> GetStatement(DateOnly? from = null, DateOnly? to = null)
    {
        var (first, last) = (from ?? to ?? calendar.Today(), to ?? from ?? calendar.Today());
        new Validation()
            .Require(first <= last, "from", "from must not be after to.")
            .Require(last.DayNumber - first.DayNumber < IAccountGrain.MaxStatementDays, "to", $"A statement covers at most {IAccountGrain.MaxStatementDays} days.")
            .ThrowIfInvalid();

        var days = ImmutableArray.CreateBuilder<AccountDay>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (await _owed.GetAsync(day) is { Orders: > 0 } owed)
            {
                days.Add(new AccountDay(day, owed.SalesAmount, owed.Orders));
            }
        }

        return new AccountStatement(AccountId, first, last, days.ToImmutable(), days.Sum(d => d.Amount), days.Sum(d => d.Orders));
    }
}
