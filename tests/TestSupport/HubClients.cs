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
}
