using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Silo.Extensions;
using StackExchange.Redis;

namespace PrivateDomain.Realtime.Edge.Hubs;

public static class HubsExtensions
{
    public static WebApplicationBuilder AddEdgeHubs(this WebApplicationBuilder builder, RealtimeSettings settings)
    {
        var signalR = builder.Services.AddSignalR().AddMessagePackProtocol();
        if (settings.RedisConnectionString is { } redis)
        {
            // User-targeted pushes cross Edges through Redis; the prefix keeps clusters sharing a Redis apart.
            signalR.AddStackExchangeRedis(redis, options =>
                options.Configuration.ChannelPrefix = RedisChannel.Literal($"privatedomain:{settings.ServiceId}:{settings.ClusterId}"));
        }

        builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        builder.Services.AddSingleton<UserPushObserver>();
        builder.Services.AddHostedService<EdgeRegistrationService>();
        return builder;
    }

    public static WebApplication MapEdgeHubs(this WebApplication app)
    {
        app.MapHub<NotificationsHub>(NotificationsHub.Path);
        return app;
    }
}
