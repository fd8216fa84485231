using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.LoadTests.Peers;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>A system the live-room benchmark drives: rooms, viewers' connections, comments, and what each viewer receives.</summary>
public interface ILiveTarget : IAsyncDisposable
{
    string System { get; }

    ProcessUsage Usage();

    Task<string[]> OpenRoomsAsync(int count, CancellationToken cancellationToken);

    /// <summary>A started connection for viewer <paramref name="index"/>.</summary>
    Task<HubConnection> ConnectAsync(int index, CancellationToken cancellationToken);

    /// <summary>Joins a room; <paramref name="received"/> gets each comment as it arrives: its id and its text.</summary>
    Task JoinAsync(HubConnection connection, string roomId, Action<long, string> received, CancellationToken cancellationToken);

    Task CommentAsync(HubConnection connection, string roomId, string clientMessageId, string text);
}

/// <summary>The Edge under test: rooms through the API, viewers on /hubs/live, comments arriving in <c>RoomUpdate</c> batches.</summary>
public sealed class EdgeLiveTarget(EdgeUnderTest edge) : ILiveTarget
{
    private string[] _tokens = [];

    public string System => "edge (Orleans, batched)";

    public ProcessUsage Usage() => edge.Usage() ?? throw new InvalidOperationException("the live-room benchmark starts its own Edge (no --target)");

    public static async Task<EdgeLiveTarget> StartAsync(LoadOptions options, int viewers, CancellationToken cancellationToken)
    {
        var edge = await EdgeUnderTest.StartOrAttachAsync(options, new Dictionary<string, string>(), cancellationToken);
        var target = new EdgeLiveTarget(edge);
        target._tokens = await edge.TokensAsync("viewer", "member", viewers, cancellationToken);
        return target;
    }

    public async Task<string[]> OpenRoomsAsync(int count, CancellationToken cancellationToken)
    {
        var ops = await edge.TokenAsync("ops-bench", "ops", cancellationToken);
        await Put(ops, "/api/regions/shanghai", new { name = "Shanghai" }, cancellationToken);
        await Put(ops, "/api/stores/sh-01", new { name = "Nanjing Road East", regionId = "shanghai", latitude = 31.2352, longitude = 121.48, ownerAccountId = "brand", ownership = "direct" }, cancellationToken);
        await Put(ops, "/api/skus/serum", new { name = "Hydrating Serum 30ml", listPrice = 32_900 }, cancellationToken);
        var rooms = Enumerable.Range(1, count).Select(i => $"room-{i:0000}").ToArray();
        using var limit = new SemaphoreSlim(16);
        await Task.WhenAll(rooms.Select(async (roomId, i) =>
        {
            await limit.WaitAsync(cancellationToken);
            try
            {
                var guideId = $"host-{i + 1:0000}";
                await Put(ops, $"/api/guides/{guideId}", new { name = $"Host {i + 1}", storeId = "sh-01", teamId = "team-1" }, cancellationToken);
                var host = await edge.TokenAsync(guideId, "guide", cancellationToken);
                await Post(host, "/api/live-rooms", new { roomId, guideId, title = $"Live {i + 1}", regionId = "shanghai", shelf = new[] { "serum" } }, cancellationToken);
                await Post(host, $"/api/live-rooms/{roomId}/start", null, cancellationToken);
            }
            finally
            {
                limit.Release();
            }
        }));
        return rooms;
    }

    public async Task<HubConnection> ConnectAsync(int index, CancellationToken cancellationToken)
    {
        var token = _tokens[index];
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(edge.BaseAddress, "/hubs/live"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddMessagePackProtocol()
            .Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    public async Task JoinAsync(HubConnection connection, string roomId, Action<long, string> received, CancellationToken cancellationToken)
    {
        connection.On<RoomUpdate>("RoomUpdate", update =>
        {
            foreach (var comment in update.Comments)
            {
                received(comment.CommentId, comment.Text);
            }
        });
        await connection.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, cancellationToken);
    }

    public Task CommentAsync(HubConnection connection, string roomId, string clientMessageId, string text) =>
        connection.InvokeAsync<CommentPosted>("SendComment", roomId, clientMessageId, text);

    public ValueTask DisposeAsync() => edge.DisposeAsync();

    private Task Put(string token, string path, object body, CancellationToken cancellationToken) =>
        edge.SendAsync(HttpMethod.Put, path, token, body, cancellationToken);

    private Task Post(string token, string path, object? body, CancellationToken cancellationToken) =>
        edge.SendAsync(HttpMethod.Post, path, token, body, cancellationToken);
}

/// <summary>The peer: a plain SignalR hub in its own process; each comment is one group broadcast.</summary>
public sealed class PeerLiveTarget(Process process, Uri baseAddress) : ILiveTarget
{
    public string System => "peer (plain SignalR group)";

    public ProcessUsage Usage() => new(process);

    public static async Task<PeerLiveTarget> StartAsync(CancellationToken cancellationToken)
    {
        var (process, address) = await PlainSignalRPeer.StartAsync(cancellationToken);
        return new PeerLiveTarget(process, address);
    }

    public Task<string[]> OpenRoomsAsync(int count, CancellationToken cancellationToken) =>
        Task.FromResult(Enumerable.Range(1, count).Select(i => $"room-{i:0000}").ToArray());

    public async Task<HubConnection> ConnectAsync(int index, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, PlainSignalRPeer.Path)).AddMessagePackProtocol().Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    public async Task JoinAsync(HubConnection connection, string roomId, Action<long, string> received, CancellationToken cancellationToken)
    {
        connection.On<PlainSignalRPeer.PeerComment>("Comment", comment => received(comment.CommentId, comment.Text));
        await connection.InvokeAsync("JoinRoom", roomId, cancellationToken);
    }

    public Task CommentAsync(HubConnection connection, string roomId, string clientMessageId, string text) =>
        connection.InvokeAsync<long>("SendComment", roomId, clientMessageId, text);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
