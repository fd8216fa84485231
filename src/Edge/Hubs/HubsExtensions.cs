using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Feeds;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Edge.Telemetry;
using PrivateDomain.Realtime.Silo.Extensions;
using StackExchange.Redis;

namespace PrivateDomain.Realtime.Edge.Hubs;

public static class HubsExtensions
{
    public static WebApplicationBuilder AddEdgeHubs(this WebApplicationBuilder builder, RealtimeSettings settings)
    {
        var signalR = builder.Services.AddSignalR(o =>
        {
            o.AddFilter<HubErrorFilter>();
            o.AddFilter<HubRoleFilter>();
            if (settings.ExportsTraces)
            {
                o.AddFilter<HubCallTracing>();
            }
        }).AddMessagePackProtocol();
        ExplainArgumentMismatches(builder.Services);
        var backplane = new RedisBackplane(configured: settings.RedisConnectionString is not null);
        builder.Services.AddSingleton(backplane);
        if (settings.RedisConnectionString is { } redis)
        {
            // User-targeted pushes cross Edges through Redis; the prefix keeps clusters sharing a Redis apart.
            signalR.AddStackExchangeRedis(redis, options =>
            {
                options.Configuration.ChannelPrefix = RedisChannel.Literal($"privatedomain:{settings.ServiceId}:{settings.ClusterId}");
                options.ConnectionFactory = log => backplane.ConnectAsync(options.Configuration, log);
            });
        }

        builder.Services.AddSingleton<IUserIdProvider, RoleAndSubjectUserIdProvider>();
        builder.Services.AddSingleton<EdgeIdentity>();
        builder.Services.AddSingleton<EdgeMetrics>();
        builder.Services.AddSingleton<LocalUsers>();
        builder.Services.AddSingleton<GuideWatchers>();
        builder.Services.AddSingleton<StoreWatchers>();
        builder.Services.AddSingleton<AccountWatchers>();
        builder.Services.AddSingleton<UserPushObserver>();
        builder.Services.AddSingleton<EdgeRegistrationService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EdgeRegistrationService>());

        builder.Services.AddOptions<LiveEdgeOptions>().BindConfiguration(LiveEdgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LiveEdgeOptions>, EdgeSilenceValidation>();
        builder.Services.AddSingleton<HubErrorFilter>();
        builder.AddFeedHub<LiveHub, LiveRoomFeeds>();
        builder.AddFeedHub<ScoreboardHub, ScoreboardFeeds>();
        builder.Services.AddHostedService<EdgeFeedService>();
        builder.Services.AddHostedService<SiloLossWatch>();
        return builder;
    }

    /// <summary>Each hub protocol registered (JSON, MessagePack) wrapped in <see cref="ArgumentMismatchProtocol"/>.</summary>
    private static void ExplainArgumentMismatches(IServiceCollection services)
    {
        foreach (var registered in services.Where(s => s.ServiceType == typeof(IHubProtocol)).ToList())
        {
            var type = registered.ImplementationType
                ?? throw new InvalidOperationException($"Hub protocols are expected to be registered by type; one is {registered}.");
            services.Remove(registered);
            services.AddSingleton<IHubProtocol>(provider => new ArgumentMismatchProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(provider, type)));
        }
    }

    /// <summary>A fan-out hub: its feed, and the in-process lifetime manager that hands the feed its connections (never Redis).</summary>
    private static void AddFeedHub<THub, TFeed>(this WebApplicationBuilder builder)
        where THub : Hub
        where TFeed : class, IHubConnectionFeed<THub>
    {
        builder.Services.AddSingleton<TFeed>();
        builder.Services.AddSingleton<IHubConnectionFeed<THub>>(services => services.GetRequiredService<TFeed>());
        builder.Services.AddSingleton<HubLifetimeManager<THub>, FeedHubLifetimeManager<THub>>();
    }

    public static WebApplication MapEdgeHubs(this WebApplication app)
    {
        app.MapHub<NotificationsHub>(NotificationsHub.Path, CloseWhenTheTokenExpires);
        app.MapHub<LiveHub>(LiveHub.Path, CloseWhenTheTokenExpires);
        app.MapHub<ScoreboardHub>(ScoreboardHub.Path, CloseWhenTheTokenExpires);
        return app;
    }

    /// <summary>
    /// A token is checked when a connection opens; without this, a connection outlives its token for as long as it
    /// stays open — a guide whose access ended could go on moderating, a member buying. Clients reconnect with a fresh one.
    /// </summary>
    private static void CloseWhenTheTokenExpires(HttpConnectionDispatcherOptions options) => options.CloseOnAuthenticationExpiration = true;
}
