using System.Collections.Concurrent;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>
/// Stands in for an Edge: registers with the edge directory and records every user (and store) push it is sent, and
/// every store watch it is told to end.
/// </summary>
public sealed class PushRecorder : IUserPushObserver, IAsyncDisposable
{
    private readonly ConcurrentQueue<(string UserId, object Push)> _pushes = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _keepRegistered = Task.CompletedTask;
    private Func<Task>? _register;

    public IEnumerable<GuideAlert> AlertsFor(string userId) => _pushes.Where(p => p.UserId == userId).Select(p => p.Push).OfType<GuideAlert>();

    public IEnumerable<OrderUpdate> UpdatesFor(string userId) => _pushes.Where(p => p.UserId == userId).Select(p => p.Push).OfType<OrderUpdate>();

    public IEnumerable<StoreAlert> StoreAlertsFor(string storeId) => _pushes.Where(p => p.UserId == storeId).Select(p => p.Push).OfType<StoreAlert>();

    /// <summary>The alerts of a franchisee's stores, sent to whoever watches its account.</summary>
    public IEnumerable<StoreAlert> AccountStoreAlertsFor(string accountId) =>
        _pushes.Where(p => p.UserId == AccountKey(accountId)).Select(p => p.Push).OfType<StoreAlert>();

    /// <summary>Whose watches of the store this Edge was told to end, in order.</summary>
    public IEnumerable<EndedStoreWatch> EndedWatchesOf(string storeId) => _pushes.Where(p => p.UserId == storeId).Select(p => p.Push).OfType<EndedStoreWatch>();

    public Task GuideAlert(string userId, GuideAlert alert)
    {
        _pushes.Enqueue((userId, alert));
        return Task.CompletedTask;
    }

    public Task OrderUpdate(string userId, OrderUpdate update)
    {
        _pushes.Enqueue((userId, update));
        return Task.CompletedTask;
    }

    public Task StoreAlert(string storeId, StoreAlert alert)
    {
        _pushes.Enqueue((storeId, alert));
        return Task.CompletedTask;
    }

    public Task AccountStoreAlert(string accountId, StoreAlert alert)
    {
        _pushes.Enqueue((AccountKey(accountId), alert));
        return Task.CompletedTask;
    }

    public Task AccountStoreAlertHere(string accountId, StoreAlert alert) => AccountStoreAlert(accountId, alert);

    public Task EndStoreWatch(string storeId, string role, string userId)
    {
        _pushes.Enqueue((storeId, new EndedStoreWatch(role, userId)));
        return Task.CompletedTask;
    }

    public Task GuideAlertHere(string userId, GuideAlert alert) => GuideAlert(userId, alert);

    public Task StoreAlertHere(string storeId, StoreAlert alert) => StoreAlert(storeId, alert);

    public Task OrderUpdateHere(string userId, OrderUpdate update) => OrderUpdate(userId, update);

    // Apart from a store's own alerts, whose key is the store id.
    private static string AccountKey(string accountId) => "account " + accountId;

    public async Task RegisterAsync(IGrainFactory grains)
    {
        var reference = grains.CreateObjectReference<IUserPushObserver>(this);
        var directory = grains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key);
        var registration = new EdgeRegistration("test-recorder", reference, HasBackplane: true, DateTimeOffset.UtcNow);
        _register = () => directory.Register(registration);
        await _register();
        _keepRegistered = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await _register();
            }
        });
    }

    /// <summary>Waits until a push satisfying <paramref name="condition"/> arrives (pushes are one-way and asynchronous).</summary>
    public static async Task<T> WaitFor<T>(Func<IEnumerable<T>> pushes, Func<T, bool> condition, TimeSpan? timeout = null)
        where T : class // for a struct, FirstOrDefault would be "found" at once
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (pushes().FirstOrDefault(condition) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No matching {typeof(T).Name} push arrived.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _keepRegistered;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

public sealed record EndedStoreWatch(string Role, string UserId);
