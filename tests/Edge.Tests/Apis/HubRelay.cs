using System.Collections.Concurrent;
using System.Text.Json;
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
    private readonly ConcurrentDictionary<string, string> _failNext = new();
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
                if (!AnsweredHere(frame.Text, browserSide))
                {
                    hubSide.Send(frame.Text!);
                }
            });
            hubSide.OnMessage(frame => browserSide.Send(frame.Text!));
            _open.Enqueue((browserSide, hubSide));
        });
    }

    /// <summary>
    /// The page's next invocation of <paramref name="method"/> does not reach the hub: the test answers it with
    /// <paramref name="error"/>, as the hub answers a <c>HubException</c>.
    /// </summary>
    public void FailNext(string method, string error) => _failNext[method] = error;

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

    // The pages speak SignalR's JSON protocol, each message ending in the record separator, and the browser's client
    // sends each in a frame of its own; an invocation is type 1. Counts the frame's invocations, and answers one the
    // test fails, which then does not reach the hub.
    private bool AnsweredHere(string? frame, IWebSocketRoute browserSide)
    {
        foreach (var message in (frame ?? "").Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(message);
            if (!json.RootElement.TryGetProperty("type", out var type) || type.GetInt32() != 1)
            {
                continue;
            }

            var method = json.RootElement.GetProperty("target").GetString()!;
            _invoked.AddOrUpdate(method, 1, (_, count) => count + 1);
            if (_failNext.TryRemove(method, out var error))
            {
                var invocationId = json.RootElement.GetProperty("invocationId").GetString();
                browserSide.Send(JsonSerializer.Serialize(new { type = 3, invocationId, error }) + "\u001e");
                return true;
            }
        }

        return false;
    }
}
