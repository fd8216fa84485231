using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Accounts;

/// <summary>
/// The franchise stores of one owner account. Apart from <see cref="AccountGrain"/>, which is credited at every paid
/// order: this list changes only when operations change a store, and is read when a franchisee opens its pages.
/// </summary>
public sealed class AccountStoresGrain(
    [PersistentState("account-stores", StorageNames.GrainState)] IPersistentState<AccountStoresState> state)
    : Grain, IAccountStoresGrain
{
    private string AccountId => this.GetPrimaryKeyString();

    public async Task UpsertStore(StoreProfile store)
    {
        if (store is not { Ownership: StoreOwnership.Franchise } || store.OwnerAccountId != AccountId)
        {
            throw DomainException.Invalid(ErrorCodes.KeyMismatch, $"Store '{store.StoreId}' is not a franchise store of account '{AccountId}'.");
        }

        if (state.State.Stores.TryGetValue(store.StoreId, out var known) && known == store)
        {
            return;
        }

        state.State.Stores[store.StoreId] = store;
        await state.WriteStateAsync();
    }

    public async Task RemoveStore(string storeId)
    {
        if (state.State.Stores.Remove(storeId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<AccountStores> GetStores() =>
        Task.FromResult(new AccountStores(AccountId, [.. state.State.Stores.Values.OrderBy(s => s.StoreId, StringComparer.Ordinal)]));
}
