using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// What an owner account is owed for the paid orders of some local days: each day it was credited (the earliest
/// first), and their sums.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.AccountStatement")]
public sealed record AccountStatement(
    [property: Id(0)] string AccountId,
    [property: Id(1)] DateOnly From,
    [property: Id(2)] DateOnly To,
    [property: Id(3)] ImmutableArray<AccountDay> Days,
    [property: Id(4)] long Amount,
    [property: Id(5)] int Orders);

/// <summary>A page of the orders that make up one local day of an account's statement.</summary>
[GenerateSerializer, Immutable, Alias("pd.AccountOrderPage")]
public sealed record AccountOrderPage(
    [property: Id(0)] string AccountId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] ImmutableArray<AccountOrder> Orders,
    [property: Id(3)] string? Next);

/// <summary>A paid order and the account's part of it.</summary>
[GenerateSerializer, Immutable, Alias("pd.AccountOrder")]
public sealed record AccountOrder(
    [property: Id(0)] string OrderId,
    [property: Id(1)] long Amount);

/// <summary>One local day of an account's statement: the amount owed for that day's paid orders, and how many.</summary>
[GenerateSerializer, Immutable, Alias("pd.AccountDay")]
public sealed record AccountDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] long Amount,
    [property: Id(2)] int Orders);
