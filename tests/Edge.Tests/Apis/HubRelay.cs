using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// A page's WebSockets to one hub, passed through the test (routed before the page loads, with <see cref="RouteAsync"/>):
/// the test can drop them as a network failure would, refuse new ones until it admits them again, and count what the page
/// invoked on the hub.
/// </summary>
internal sealed class HubRelay(string hubPath)
{
    private readonly ConcurrentQueue<(IWebSocketRoute Browser, IWebSocketRoute Hub)> _open = new();
    private readonly ConcurrentDictionary<string, int> _invoked = new();
    private int _refusing;

    public async Task RouteAsync(IPage page)
    {
        // Refused, a WebSocket makes the SignalR client fall back to server-sent events, then long polling: refusing the
        // page's connections refuses its HTTP requests to the hub too (the negotiation first).
        await page.RouteAsync(url => url.Contains(hubPath, StringComparison.Ordinal), route =>
            Volatile.Read(ref _refusing) == 1 ? route.AbortAsync() : route.ContinueAsync());
        await page.RouteWebSocketAsync(url => url.Contains(hubPath, StringComparison.Ordinal), browserSide =>
        {
            if (Volatile.Read(ref _refusing) == 1)
            {
                _ = browserSide.CloseAsync(new() { Code = 1011, Reason = "refused by the test" });
                return;
            }

            var hubSide = browserSide.ConnectToServer();
            browserSide.OnMessage(frame =>
            {
                CountInvocations(frame.Text);
                hubSide.Send(frame.Text!);
            });
            hubSide.OnMessage(frame => browserSide.Send(frame.Text!));
            _open.Enqueue((browserSide, hubSide));
        });
    }

    /// <summary>How many times the page invoked <paramref name="method"/> on the hub, over every connection so far.</summary>
    public int Invoked(string method) => _invoked.GetValueOrDefault(method);

    /// <summary>Refuses the page's attempts to connect until <see cref="Admit"/>; before the page loads, its first too.</summary>
    public void Refuse() => Volatile.Write(ref _refusing, 1);

    /// <summary>Drops the open connections, and refuses the page's attempts to connect again until <see cref="Admit"/>.</summary>
    public async Task DropAndRefuseAsync()
    {
        Refuse();
        Assert.NotEmpty(_open);
        while (_open.TryDequeue(out var connection))
        {
            await DropAsync(connection.Browser, connection.Hub);
        }
    }

    public void Admit() => Volatile.Write(ref _refusing, 0);

    /// <summary>Closes both ends abruptly (1011, not a SignalR close), as a network failure would.</summary>
    public static async Task DropAsync(IWebSocketRoute browserSide, IWebSocketRoute hubSide)
    {
        await hubSide.CloseAsync(new() { Code = 1011, Reason = "dropped by the test" });
        await browserSide.CloseAsync(new() { Code = 1011, Reason = "dropped by the test" });
    }

    // The pages speak SignalR's JSON protocol: a frame holds one or more messages, each ending in the record separator.
    private void CountInvocations(string? frame)
    {
        foreach (var message in (frame ?? "").Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
        {
            const string target = "\"target\":\"";
            var at = message.IndexOf(target, StringComparison.Ordinal);
            if (at >= 0 && message.Contains("\"type\":1", StringComparison.Ordinal))
            {
                var start = at + target.Length;
                var method = message[start..message.IndexOf('"', start)];
                _invoked.AddOrUpdate(method, 1, (_, count) => count + 1);
            }
        }
    }
}
