using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.Streams;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Effects;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Grains.Stores;
using PrivateDomain.Realtime.Grains.Telemetry;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Silo.Extensions;

public static class SiloHostingExtensions
{
    /// <summary>The ADO.NET invariant name the Orleans providers use to find Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>Reads and validates <see cref="RealtimeSettings"/> once and registers them for injection.</summary>
    public static RealtimeSettings AddRealtimeSettings(this IHostApplicationBuilder builder)
    {
        var settings = RealtimeSettings.Read(builder.Configuration);
        builder.Services.TryAddSingleton(settings);
        return settings;
    }

    /// <summary>Runs a silo in this host: the Silo process, or the Edge in embedded mode.</summary>
    public static IHostApplicationBuilder AddRealtimeSilo(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddRealtimeSettings();
        builder.AddRealtimeTelemetry(settings);
        builder.UseOrleans(silo => silo
            .UseRealtimeClustering(settings)
            .AddRealtimeGrainServices(settings)
            .AddDemoData(builder.Configuration));
        return builder;
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    public static ISiloBuilder UseRealtimeClustering(this ISiloBuilder silo, RealtimeSettings settings)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });

        if (settings.Clustering == ClusteringProvider.Localhost)
        {
            return silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        }

        silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
        return silo.UseAdoNetClustering(o => o.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
        }));
    }

    /// <summary>
    /// Everything a silo needs besides clustering: grain state, reminders, streams, and the project's services.
    /// Test clusters call this directly (they bring their own clustering).
    /// </summary>
    public static ISiloBuilder AddRealtimeGrainServices(this ISiloBuilder silo, RealtimeSettings settings)
    {
        silo.Services.TryAddSingleton(settings);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddValidatedOptions<InventoryOptions>(InventoryOptions.Section);
        silo.Services.AddValidatedOptions<OrderOptions>(OrderOptions.Section);
        silo.Services.AddSingleton<IValidateOptions<OrderOptions>, OrderWindowValidation>();
        silo.Services.AddValidatedOptions<SettlementOptions>(SettlementOptions.Section);
        silo.Services.AddValidatedOptions<MemberOptions>(MemberOptions.Section);
        silo.Services.AddValidatedOptions<GuideOptions>(GuideOptions.Section);
        silo.Services.AddValidatedOptions<CalendarOptions>(CalendarOptions.Section);
        silo.Services.AddValidatedOptions<LiveRoomOptions>(LiveRoomOptions.Section);
        silo.Services.AddSingleton<IValidateOptions<LiveRoomOptions>, FlashSaleWindowValidation>();
        silo.Services.AddOptions<LiveRoomOptions>().PostConfigure<IOptions<OrderOptions>>((live, orders) => live.HoldGrace = orders.Value.ConfirmGrace);
        silo.Services.AddValidatedOptions<ScoringOptions>(ScoringOptions.Section);
        silo.Services.TryAddSingleton<LocalCalendar>();
        silo.Services.TryAddSingleton<ScoreAggregator>();
        silo.Services.TryAddSingleton<RoomDirectoryRelay>();
        silo.Services.TryAddSingleton<OrderExpiries>();
        silo.Services.TryAddSingleton<UserNotifier>();
        silo.Services.TryAddSingleton<DeferredEffectsLog>();
        silo.Services.TryAddSingleton<IPickupCodes, RandomPickupCodes>();
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<GrainMetrics>();
        if (settings.ExportsTraces)
        {
            // Only then: the filters run on every grain call.
            silo.AddOutgoingGrainCallFilter<TracedOutgoingCalls>();
            silo.AddIncomingGrainCallFilter<TracedIncomingCalls>();
        }

        if (settings.UsesPostgres)
        {
            silo.Services.TryAddSingleton(_ => PostgresDataSource.Create(settings.PostgresConnectionString!));
            silo.Services.TryAddSingleton<PostgresSchema>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaLifecycle>();
        }

        // Every storage provider that is not told otherwise takes this one serializer. The Orleans binary format
        // honours the [Id] numbering of our state classes, so state written by one version reads back in the next;
        // and it is cheap: memory storage serializes every write too, and the default (Newtonsoft JSON) cost a live
        // room's periodic flush ~8% of the Edge's CPU in the live-rooms benchmark.
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        RememberedGrainInterfaceTypes.ReplaceResolver(silo.Services);

        // In place of Orleans' own: a grain whose state write failed deactivates.
        silo.Services.Replace(ServiceDescriptor.Singleton<IPersistentStateFactory, DeactivateOnFailedWriteStateFactory>());

        if (settings.Storage == StorageProvider.PostgreSQL)
        {
            silo.AddAdoNetGrainStorage(StorageNames.GrainState, o => o.Configure<NpgsqlDataSource>((options, dataSource) =>
            {
                options.Invariant = NpgsqlInvariant;
                options.DataSource = dataSource;
            }));

            silo.Services.TryAddSingleton<IStockLedger, PostgresStockLedger>();
            silo.Services.TryAddSingleton<IScoreFactStore, PostgresScoreFactStore>();
            silo.Services.TryAddSingleton<ISalesLedger, PostgresSalesLedger>();
            silo.Services.TryAddSingleton<IPkPointStore, PostgresPkPointStore>();
            silo.Services.TryAddSingleton<ISaleHoldStore, PostgresSaleHoldStore>();
            silo.Services.TryAddSingleton<IFulfilmentQueueStore, PostgresFulfilmentQueueStore>();
            silo.Services.TryAddSingleton<IGuideCustomerStore, PostgresGuideCustomerStore>();
            silo.Services.TryAddSingleton<IMemberOrderStore, PostgresMemberOrderStore>();
            silo.Services.TryAddSingleton<IRoomListStore, PostgresRoomListStore>();
            silo.UseAdoNetReminderService(o => o.Configure<NpgsqlDataSource>((options, dataSource) =>
            {
                options.Invariant = NpgsqlInvariant;
                options.DataSource = dataSource;
            }));
        }
        else
        {
            silo.AddMemoryGrainStorage(StorageNames.GrainState);
            silo.UseInMemoryReminderService();
            silo.Services.TryAddSingleton<IStockLedger, InMemoryStockLedger>();
            silo.Services.TryAddSingleton<IScoreFactStore, InMemoryScoreFactStore>();
            silo.Services.TryAddSingleton<ISalesLedger, InMemorySalesLedger>();
            silo.Services.TryAddSingleton<IPkPointStore, InMemoryPkPointStore>();
            silo.Services.TryAddSingleton<ISaleHoldStore, InMemorySaleHoldStore>();
            silo.Services.TryAddSingleton<IFulfilmentQueueStore, InMemoryFulfilmentQueueStore>();
            silo.Services.TryAddSingleton<IGuideCustomerStore, InMemoryGuideCustomerStore>();
            silo.Services.TryAddSingleton<IMemberOrderStore, InMemoryMemberOrderStore>();
            silo.Services.TryAddSingleton<IRoomListStore, InMemoryRoomListStore>();
        }

        // Every subscription is implicit (by namespace), so no pub-sub grain or store is involved. In memory even on
        // PostgreSQL: what flows here is a read model's feed, which the next event corrects (docs/architecture.md).
        silo.AddMemoryStreams(StorageNames.Streams, streams => streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
        return silo;
    }
}
