using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace PrivateDomain.Realtime.TestSupport;

public static class HubClients
{
    /// <summary>A real SignalR connection (WebSockets over Kestrel) to a hub of <paramref name="edge"/>, as <paramref name="userId"/>.</summary>
    public static HubConnection Connect(this EdgeApplication edge, string hubPath, string userId, string role, bool messagePack = false)
    {
        var token = edge.TokenFor(userId, role);
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(edge.BaseAddress, hubPath), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token));
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        return builder.Build();
    }

    /// <summary>
    /// Starts the connection and returns once the server has registered it (groups, users, the Redis backplane's
    /// subscriptions). The client's start completes at the handshake, before the server's <c>OnConnectedAsync</c>; a
    /// push sent in that gap is not delivered. A hub answers an invocation only after <c>OnConnectedAsync</c>, so one
    /// round trip (to a method no hub has; the "unknown method" answer is enough) closes the gap.
    /// </summary>
    public static async Task StartRegisteredAsync(this HubConnection connection, CancellationToken cancellationToken)
    {
        await connection.StartAsync(cancellationToken);
        try
        {
            await connection.InvokeAsync("RoundTrip", cancellationToken);
        }
        catch (HubException)
        {
            // Expected: the method does not exist; the answer is what was awaited.
        }
    }
}
