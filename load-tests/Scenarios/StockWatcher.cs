using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// An operator's stock screen as the load sees it: one connection to /hubs/scoreboard watching one pool (MessagePack,
/// as the Edge's own clients may), keeping the newest counts pushed and how many pushes came.
/// </summary>
internal sealed class StockWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Lock _lock = new();
    private StockUpdate? _latest;

    private StockWatcher(HubConnection connection) => _connection = connection;

    /// <summary>Pushes received, the watch's own answer not counted.</summary>
    public int Pushes { get; private set; }

    public static async Task<StockWatcher> StartAsync(Uri edge, string opsToken, string regionId, string sku, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(edge, "/hubs/scoreboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(opsToken))
            .AddMessagePackProtocol()
            .Build();
        var watcher = new StockWatcher(connection);
        connection.On<StockUpdate>("StockUpdate", update => watcher.Keep(update, pushed: true));
        await connection.StartAsync(cancellationToken);
        watcher.Keep(await connection.InvokeAsync<StockUpdate>("WatchStock", regionId, sku, cancellationToken), pushed: false);
        return watcher;
    }

    /// <summary>The newest counts shown once they satisfy <paramref name="shows"/>, or the newest there are after <paramref name="within"/>.</summary>
    public async Task<InventoryView?> WaitForAsync(Func<InventoryView, bool> shows, TimeSpan within, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var latest = Latest;
            if ((latest is not null && shows(latest)) || Stopwatch.GetElapsedTime(started) >= within)
            {
                return latest;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private InventoryView? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest?.Inventory;
            }
        }
    }

    private void Keep(StockUpdate update, bool pushed)
    {
        lock (_lock)
        {
            Pushes += pushed ? 1 : 0;
            if (_latest is null || update.Seq > _latest.Seq)
            {
                _latest = update;
            }
        }
    }
}
