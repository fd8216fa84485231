using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Silo.Extensions;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.LoadTests.Peers;

/// <summary>
/// The live-room benchmark's peer: a plain ASP.NET Core SignalR hub that broadcasts each comment straight to the
/// room's group — no Orleans, no batching, no rules. It runs in its own process (<c>serve-peer-hub</c>) so its CPU
/// is measured apart from the load generator's, like the Edge's.
/// </summary>
public static class PlainSignalRPeer
{
    public const string Command = "serve-peer-hub";
    public const string Path = "/hubs/peer-live";

    public static async Task<int> ServeAsync(int port)
    {
        // The same socket setting as the Edge's, so the comparison is of the designs, not of a runtime switch.
        RuntimeTuning.PreferInlineSocketCompletions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR().AddMessagePackProtocol();
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapHub<PeerLiveHub>(Path);
        await app.RunAsync();
        return 0;
    }

    /// <summary>Starts this program again as the peer server on a free port.</summary>
    public static async Task<(Process Process, Uri BaseAddress)> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePorts.Next();
        var self = Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal)
            ? new ProcessStartInfo("dotnet", [typeof(PlainSignalRPeer).Assembly.Location, Command, port.ToString(CultureInfo.InvariantCulture)])
            : new ProcessStartInfo(Environment.ProcessPath, [Command, port.ToString(CultureInfo.InvariantCulture)]);
        self.UseShellExecute = false;
        self.RedirectStandardOutput = true;
        var process = Process.Start(self) ?? throw new InvalidOperationException("could not start the peer hub");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = address };
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                if ((await http.GetAsync("/health", cancellationToken)).IsSuccessStatusCode)
                {
                    return (process, address);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        process.Kill();
        throw new TimeoutException("the peer hub did not start");
    }

    public sealed record PeerComment(long CommentId, string UserId, string Text);

    public sealed class PeerLiveHub : Hub
    {
        private static long _lastCommentId;

        public Task JoinRoom(string roomId) => Groups.AddToGroupAsync(Context.ConnectionId, roomId);

        public async Task<long> SendComment(string roomId, string clientMessageId, string text)
        {
            var comment = new PeerComment(Interlocked.Increment(ref _lastCommentId), Context.ConnectionId, text);
            await Clients.Group(roomId).SendAsync("Comment", comment);
            return comment.CommentId;
        }
    }
}
