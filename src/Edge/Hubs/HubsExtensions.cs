using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Silo.Extensions;
using StackExchange.Redis;

namespace PrivateDomain.Realtime.Edge.Hubs;

public static class HubsExtensions
{
    public static WebApplicationBuilder AddEdgeHubs(this WebApplicationBuilder builder, RealtimeSettings settings)
    {
        var signalR = builder.Services.AddSignalR(o => o.AddFilter<HubErrorFilter>()).AddMessagePackProtocol();
        if (settings.RedisConnectionString is { } redis)
        {
            // User-targeted pushes cross Edges through Redis; the prefix keeps clusters sharing a Redis apart.
            signalR.AddStackExchangeRedis(redis, options =>
                options.Configuration.ChannelPrefix = RedisChannel.Literal($"privatedomain:{settings.ServiceId}:{settings.ClusterId}"));
        }

        builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        builder.Services.AddSingleton<EdgeIdentity>();
        builder.Services.AddSingleton<UserPushObserver>();
        builder.Services.AddHostedService<EdgeRegistrationService>();

        builder.Services.AddOptions<LiveEdgeOptions>().BindConfiguration(LiveEdgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<HubErrorFilter>();
        builder.Services.AddSingleton<LiveRoomFeeds>();
        builder.Services.AddSingleton<HubLifetimeManager<LiveHub>, LiveHubLifetimeManager>();
        builder.Services.AddHostedService<LiveFeedService>();

        // Scoreboard updates stay in this process too: each Edge gets every PK and board update from the grains.
        builder.Services.AddSingleton<HubLifetimeManager<ScoreboardHub>, ScoreboardHubLifetimeManager>();
        builder.Services.AddSingleton<ScoreboardFeeds>();
        builder.Services.AddHostedService<ScoreboardFeedService>();
        return builder;
    }

    public static WebApplication MapEdgeHubs(this WebApplication app)
    {
        app.MapHub<NotificationsHub>(NotificationsHub.Path);
        app.MapHub<LiveHub>(LiveHub.Path);
        app.MapHub<ScoreboardHub>(ScoreboardHub.Path);
        return app;
    }
}
