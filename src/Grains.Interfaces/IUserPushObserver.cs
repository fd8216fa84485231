using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// An Edge, as grains see it: it delivers a push to a user's connections wherever they are (through the Redis backplane,
/// when there is one; it throws <see cref="BackplaneUnavailableException"/> without sending while that is not
/// connected), or, with the <c>Here</c> methods, only to the user's connections on this Edge. A store's alerts go to the
/// connections watching the store (its staff), and a franchise store's also to those watching its owner account, the
/// same two ways. A user who may no longer watch a store has their connections on this Edge stop watching it
/// (<see cref="EndStoreWatch"/>): each Edge is told, as each holds its own.
/// </summary>
[Alias("pd.IUserPushObserver")]
public interface IUserPushObserver : IGrainObserver
{
    [Alias("GuideAlert")]
    Task GuideAlert(string userId, GuideAlert alert);

    [Alias("OrderUpdate")]
    Task OrderUpdate(string userId, OrderUpdate update);

    [Alias("StoreAlert")]
    Task StoreAlert(string storeId, StoreAlert alert);

    [Alias("GuideAlertHere")]
    Task GuideAlertHere(string userId, GuideAlert alert);

    [Alias("OrderUpdateHere")]
    Task OrderUpdateHere(string userId, OrderUpdate update);

    [Alias("StoreAlertHere")]
    Task StoreAlertHere(string storeId, StoreAlert alert);

    /// <summary>A franchise store's alert, to the connections watching its owner account: all its stores on one.</summary>
    [Alias("AccountStoreAlert")]
    Task AccountStoreAlert(string accountId, StoreAlert alert);

    [Alias("AccountStoreAlertHere")]
    Task AccountStoreAlertHere(string accountId, StoreAlert alert);

    /// <summary>
    /// The user signed in as <paramref name="role"/> under <paramref name="userId"/> is no longer one of the store's
    /// (its franchisee sold it on, its guide moved): their connections here watching it hear no more of it.
    /// </summary>
    [Alias("EndStoreWatch")]
    Task EndStoreWatch(string storeId, string role, string userId);
}
