using Microsoft.AspNetCore.SignalR;

namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>
/// Connections of <see cref="Hubs.NotificationsHub"/> watching one subject each (a guide's alerts, a store's): the
/// subject's SignalR group, which Redis carries across Edges like a user's pushes, and, for while the backplane is
/// down, this Edge's own watchers listed by subject (<see cref="Local"/>). A connection watches one subject of a kind
/// at a time, since what is sent to the group does not always name it.
/// </summary>
public abstract class Watchers(string kind)
{
    public LocalUsers Local { get; } = new();

    public string Group(string subjectId) => $"{kind}:{subjectId}";

    public async Task Watch(HubCallerContext connection, IGroupManager groups, string subjectId)
    {
        await Unwatch(connection, groups);
        connection.Items[this] = subjectId;
        Local.Connected(subjectId, connection.ConnectionId);
        if (connection.ConnectionAborted.IsCancellationRequested)
        {
            // Closed while the subject was looked up: its disconnection may have passed already, listing nothing.
            Local.Disconnected(subjectId, connection.ConnectionId);
            return;
        }

        await groups.AddToGroupAsync(connection.ConnectionId, Group(subjectId));
    }

    public async Task Unwatch(HubCallerContext connection, IGroupManager groups)
    {
        if (Watched(connection) is { } subjectId)
        {
            connection.Items.Remove(this);
            Local.Disconnected(subjectId, connection.ConnectionId);
            await groups.RemoveFromGroupAsync(connection.ConnectionId, Group(subjectId));
        }
    }

    /// <summary>
    /// Those of <paramref name="connectionIds"/> watching <paramref name="subjectId"/> stop, as if they had unwatched: a
    /// user no longer allowed to. Their own record of watching it is left, and forgets it at their next watch or close.
    /// Answers the connections that were watching.
    /// </summary>
    public async Task<IReadOnlyList<string>> Drop(string subjectId, IEnumerable<string> connectionIds, IGroupManager groups)
    {
        var watching = Local.ConnectionsOf(subjectId).Intersect(connectionIds, StringComparer.Ordinal).ToArray();
        foreach (var connectionId in watching)
        {
            Local.Disconnected(subjectId, connectionId);
            await groups.RemoveFromGroupAsync(connectionId, Group(subjectId));
        }

        return watching;
    }

    /// <summary>SignalR drops a closed connection's groups itself; this Edge's list is ours to drop.</summary>
    public void Disconnected(HubCallerContext connection)
    {
        if (Watched(connection) is { } subjectId)
        {
            Local.Disconnected(subjectId, connection.ConnectionId);
        }
    }

    private string? Watched(HubCallerContext connection) => connection.Items.TryGetValue(this, out var watched) ? watched as string : null;
}

/// <summary>Operators viewing a guide's app, who receive the guide's alerts as the guide does.</summary>
public sealed class GuideWatchers() : Watchers("guide-watchers");

/// <summary>
/// A store's staff — its guides, its franchisee, and operators viewing one of them — told as its fulfilment queue grows.
/// </summary>
public sealed class StoreWatchers() : Watchers("store-watchers");

/// <summary>
/// A franchisee (or an operator viewing its page) told as any of its stores' queues grows. A connection watches a store
/// or an account, never both, so a franchisee's alert from its own store comes to it once.
/// </summary>
public sealed class AccountWatchers() : Watchers("account-watchers");
