using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// The franchise stores one owner account owns (key: the account id their profiles name), so a franchisee can find
/// its stores: a copy of each one's profile, kept here by the store itself whenever its profile changes.
/// </summary>
[Alias("pd.IAccountStoresGrain")]
public interface IAccountStoresGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes a franchise store this account owns (called by the store itself).</summary>
    [Alias("UpsertStore")]
    Task UpsertStore(StoreProfile store);

    /// <summary>Forgets a store that is no longer this account's franchise store (called by the store itself).</summary>
    [Alias("RemoveStore")]
    Task RemoveStore(string storeId);

    /// <summary>The account's franchise stores, by store id (ordinal).</summary>
    [ReadOnly, Alias("GetStores")]
    Task<AccountStores> GetStores();
}
