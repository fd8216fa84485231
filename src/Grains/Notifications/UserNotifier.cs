using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Notifications;

/// <summary>
/// Delivers user-targeted pushes (a singleton service on each silo; grains call it in process and do not wait). With a
/// Redis backplane any one Edge reaches the user wherever they are connected, so one is picked (round robin); without
/// it — or while that Edge's backplane is down — every Edge delivers to its own connections. A user is never sent the
/// same push twice either way. An Edge that died without leaving stays listed for a while; a push it could not take
/// goes to the next one.
/// </summary>
/// <remarks>
/// This was a stateless-worker grain; under Orleans 10.4.2 the responses to its calls to the Edges were now and then
/// held until the next message reached it, and dozens of pushes per test-suite run timed out. It needs no identity
/// or messaging of its own, so it is a plain object.
/// </remarks>
public sealed class UserNotifier(IGrainFactory grains, ILogger<UserNotifier> logger)
{
    // How fresh the directory copy is, on the machine's clock (infrastructure, not business time).
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static readonly TimeSpan DirectoryCacheAge = TimeSpan.FromSeconds(5);

    // A push sent to every Edge reaches exactly the Edges listed: a copy from before an Edge registered would leave its
    // users out for the rest of the copy's age. One Edge with a backplane reaches everyone, so any copy does for that.
    private static readonly TimeSpan EveryEdgeDirectoryAge = TimeSpan.FromSeconds(1);

    // An empty directory is what a new cluster's holds until its Edges register (or a stored one before any Edge
    // was stored); kept for the full age it would drop every push of the next 5 s.
    private static readonly TimeSpan EmptyDirectoryCacheAge = TimeSpan.FromMilliseconds(500);

    // How long a change that ends someone's store watch waits for the Edges: one that hangs, or is cut off mid-call,
    // would otherwise hold the store's or guide's change until Orleans's 30 s response timeout.
    private static readonly TimeSpan EndWatchWait = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _loading = new(1, 1);

    // While the Edges or the cluster are unreachable every push fails alike: one warning per 10 s says so, with a count.
    private readonly LogThrottle _failureLog = new(TimeSpan.FromSeconds(10), Clock);
    private volatile Directory _directory = Directory.Empty;
    private int _next;

    public void GuideAlert(string guideId, GuideAlert alert) =>
        Push($"user {guideId}", users => users.GuideAlert(guideId, alert), users => users.GuideAlertHere(guideId, alert));

    public void OrderUpdate(string memberId, OrderUpdate update) =>
        Push($"user {memberId}", users => users.OrderUpdate(memberId, update), users => users.OrderUpdateHere(memberId, update));

    /// <summary>To the connections watching the store: its staff's.</summary>
    public void StoreAlert(string storeId, StoreAlert alert) =>
        Push($"store {storeId}", users => users.StoreAlert(storeId, alert), users => users.StoreAlertHere(storeId, alert));

    /// <summary>To the connections watching the franchisee's account: a store's alert, for whoever follows all its stores.</summary>
    public void AccountStoreAlert(string accountId, StoreAlert alert) =>
        Push($"account {accountId}", users => users.AccountStoreAlert(accountId, alert), users => users.AccountStoreAlertHere(accountId, alert));

    /// <summary>
    /// The user left the store's staff: every Edge stops their connections watching it. Awaited, so the change that
    /// caused it answers once they hear no more; an Edge that does not answer in time is logged and left behind (its
    /// user's watch then lasts until they close or watch again).
    /// </summary>
    public Task EndStoreWatch(string storeId, string role, string userId) => Task.Run(async () =>
    {
        var recipient = $"{role} {userId} leaving store {storeId}";
        try
        {
            var edges = (await Current(EveryEdgeDirectoryAge)).Edges;
            await EachEdge(edges, users => users.EndStoreWatch(storeId, role, userId), recipient).WaitAsync(EndWatchWait);
        }
        catch (Exception ex)
        {
            PushFailed(recipient, ex);
        }
    });

    /// <summary>
    /// Off the calling grain's scheduler: the pushes belong to no grain and nobody waits for them. With a backplane one
    /// Edge sends it; if that Edge says its backplane is down (it then sent nothing), every Edge delivers to the user's
    /// connections it has itself — each connection is on one Edge, so the user still gets it once.
    /// </summary>
    private void Push(string recipient, Func<IUserPushObserver, Task> toUser, Func<IUserPushObserver, Task> here) => _ = Task.Run(async () =>
    {
        try
        {
            var directory = await Current(DirectoryCacheAge);
            var withBackplane = directory.WithBackplane;
            if (withBackplane.IsEmpty)
            {
                await EachEdge((await Current(EveryEdgeDirectoryAge)).Edges, toUser, recipient);
                return;
            }

            var first = (int)((uint)Interlocked.Increment(ref _next) % withBackplane.Length);
            for (var tried = 0; tried < withBackplane.Length; tried++)
            {
                try
                {
                    await toUser(withBackplane[(first + tried) % withBackplane.Length].Users);
                    return;
                }
                catch (BackplaneUnavailableException)
                {
                    await EachEdge((await Current(EveryEdgeDirectoryAge)).Edges, here, recipient);
                    return;
                }
                catch (Exception ex) when (NeverReached(ex) && tried + 1 < withBackplane.Length)
                {
                    // That Edge is gone (it died without leaving; the directory lists it until it has been silent a
                    // while): the push never left the cluster, so the next Edge sends it.
                }
            }
        }
        catch (Exception ex)
        {
            PushFailed(recipient, ex);
        }
    });

    private void PushFailed(string recipient, Exception exception)
    {
        if (_failureLog.TryLog(out var heldBack))
        {
            Log.PushFailed(logger, recipient, heldBack, exception);
        }
    }

    /// <summary>
    /// Failures that prove the push was not delivered, so sending it through another Edge cannot make a duplicate. A
    /// timeout proves nothing (the Edge may have sent it and the answer been lost), so it is not among them.
    /// </summary>
    private static bool NeverReached(Exception ex) =>
        ex is ClientNotAvailableException or SiloUnavailableException or OrleansMessageRejectionException;

    private async Task EachEdge(ImmutableArray<EdgeRegistration> edges, Func<IUserPushObserver, Task> send, string recipient) =>
        await Task.WhenAll(edges.Select(async edge =>
        {
            try
            {
                await send(edge.Users);
            }
            catch (Exception ex)
            {
                PushFailed(recipient, ex);
            }
        }));

    private async Task<Directory> Current(TimeSpan maxAge)
    {
        var directory = _directory;
        if (directory.IsFresh(maxAge))
        {
            return directory;
        }

        await _loading.WaitAsync();
        try
        {
            if (!_directory.IsFresh(maxAge))
            {
                var edges = await grains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key).GetEdges();
                _directory = new(edges, [.. edges.Where(e => e.HasBackplane)], Clock.GetUtcNow());
            }

            return _directory;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The Edges as last loaded, and those with a backplane picked out once per load, not once per push.</summary>
    private sealed record Directory(ImmutableArray<EdgeRegistration> Edges, ImmutableArray<EdgeRegistration> WithBackplane, DateTimeOffset LoadedAt)
    {
        public static readonly Directory Empty = new([], [], DateTimeOffset.MinValue);

        public bool IsFresh(TimeSpan maxAge) => Clock.GetUtcNow() - LoadedAt <= (Edges.IsEmpty && EmptyDirectoryCacheAge < maxAge ? EmptyDirectoryCacheAge : maxAge);
    }
}
