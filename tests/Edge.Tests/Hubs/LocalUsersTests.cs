using PrivateDomain.Realtime.Edge.Push;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>The notifications hub's own list of who is connected here, which pushes use while the backplane is down.</summary>
public sealed class LocalUsersTests
{
    [Fact]
    public void AUsersConnections_AreListedUntilEachCloses()
    {
        var users = new LocalUsers();
        users.Connected("member-1", "c-1");
        users.Connected("member-1", "c-2");
        users.Connected("member-2", "c-3");

        users.Disconnected("member-1", "c-1");
        users.Disconnected("member-2", "c-3");
        users.Disconnected("member-2", "c-unknown");

        Assert.Equal(["c-2"], users.ConnectionsOf("member-1"));
        Assert.Empty(users.ConnectionsOf("member-2"));
    }

    [Fact]
    public async Task AConnectionOpening_AsTheUsersLastOtherOneCloses_IsListed()
    {
        // One user's phone and mini-program reconnecting at once: connections open and close on different threads,
        // and a close that empties the user's list must not take a connection opening at that moment with it.
        var users = new LocalUsers();
        var unlisted = 0;
        var tabs = Enumerable.Range(0, 4).Select(tab => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                var connectionId = $"tab-{tab}-{i}";
                users.Connected("member-1", connectionId);
                if (!users.ConnectionsOf("member-1").Contains(connectionId))
                {
                    Interlocked.Increment(ref unlisted);
                }

                users.Disconnected("member-1", connectionId);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(tabs);

        Assert.Equal(0, unlisted);
        Assert.Empty(users.ConnectionsOf("member-1"));
    }
}
