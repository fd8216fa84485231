using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// A franchisee's owner account (key: the account id its stores name): what the brand owes it from paid orders its
/// stores fulfilled, per local day — its part of each order's settlement, counted once.
/// </summary>
[Alias("pd.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>The most days one statement covers.</summary>
    public const int MaxStatementDays = 92;

    /// <summary>Counts the account's part of a paid order, once however often it is told (idempotent on the order id).</summary>
    [Alias("Credit")]
    Task Credit(string orderId, long amount, DateTimeOffset paidAt);

    /// <summary>The most orders one page of a day's orders holds.</summary>
    public const int MaxOrdersPage = 1_000;

    /// <summary>
    /// The orders a day's figure is made of, by order id (ordinal), each with the account's part: those after
    /// <paramref name="after"/>, at most <paramref name="take"/>, and the page's last order id while more follow.
    /// </summary>
    [ReadOnly, Alias("GetOrders")]
    Task<AccountOrderPage> GetOrders(DateOnly day, string? after, int take);

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> (local days, both included; today when not given).</summary>
    [ReadOnly, Alias("GetStatement")]
    Task<AccountStatement> GetStatement(DateOnly? from = null, DateOnly? to = null);
}
