using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>
/// The Edge being measured: either one this program starts (the built src/Edge, in its own process, so its CPU
/// is measured apart from the load generator's) or a running one at <c>--target</c>.
/// </summary>
public sealed class EdgeUnderTest : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly Process? _process;
    private readonly List<string> _output = [];

    private EdgeUnderTest(Uri baseAddress, Process? process)
    {
        BaseAddress = baseAddress;
        _process = process;
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 2048,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int? SiloGatewayPort { get; private init; }

    /// <summary>How reports name this Edge: as the scenario started it, or by its address when attached (<c>--target</c>).</summary>
    public string Label(string started) => _process is null ? $"edge at {BaseAddress.Authority}" : started;

    public static async Task<EdgeUnderTest> StartOrAttachAsync(LoadOptions options, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        if (options.Target is { } target)
        {
            var attached = new EdgeUnderTest(target, null);
            await attached.WaitUntilHealthyAsync(cancellationToken);
            return attached;
        }

        var port = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", [BuiltEdge()])
        {
            WorkingDirectory = Path.GetDirectoryName(BuiltEdge())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Orleans__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment[TestCalendar.TimeZoneVariable] = TestCalendar.NoonTimeZone;

        // Scenarios bring their own fixtures; the demo brand (on by default in Development, which the Edge runs in for its
        // token route) only where one asks for it. Seeding it took 10 s of each start on PostgreSQL.
        start.Environment["Demo__Enabled"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Edge");
        var edge = new EdgeUnderTest(new Uri($"http://127.0.0.1:{port}"), process) { SiloGatewayPort = gatewayPort };
        process.OutputDataReceived += (_, e) => edge.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => edge.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await edge.WaitUntilHealthyAsync(cancellationToken);
        return edge;
    }

    public ProcessUsage? Usage() => _process is null ? null : new ProcessUsage(_process);

    public async Task<string> TokenAsync(string userId, string role, CancellationToken cancellationToken)
    {
        var response = await Http.PostAsJsonAsync("/api/dev/token", new { userId, role }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenBody>(cancellationToken))!.Token;
    }

    public async Task<string[]> TokensAsync(string prefix, string role, int count, CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(1, count).Select(i => TokenAsync($"{prefix}-{i:0000}", role, cancellationToken)));

    /// <summary>
    /// A JSON body with its length, as a mini-program or browser client sends it. <c>JsonContent</c> streams its body
    /// chunked, which the Edge then parses chunk by chunk: a cost no real client makes it pay.
    /// </summary>
    public static HttpContent Json<T>(T body) =>
        new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web)) { Headers = { ContentType = JsonMediaType } };

    public static HttpRequestMessage Request(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>
    /// Sends a fixture-building request (a region, a store, a SKU...); anything but success stops the run, except the
    /// per-user rate limit, which one ops user building thousands of fixtures meets: then it waits as told and retries.
    /// </summary>
    public async Task SendAsync(HttpMethod method, string path, string token, object? body, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = Request(method, path, token, body is null ? null : Json(body));
            using var response = await Http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>"200" for success, else the status and the problem code, e.g. "409 insufficient-stock".</summary>
    public static async Task<string?> OutcomeAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected)
        {
            await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var code = System.Text.RegularExpressions.Regex.Match(body, "\"code\":\"([^\"]+)\"").Groups[1].Value;
        return $"{(int)response.StatusCode} {code}".Trim();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException("the Edge exited:\n" + string.Join('\n', _output.TakeLast(30)));
            }

            try
            {
                if ((await Http.GetAsync("/health", cancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException("the Edge did not become healthy in 120 s:\n" + string.Join('\n', _output.TakeLast(30)));
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 200)
            {
                _output.RemoveAt(0);
            }
        }
    }

    /// <summary>The Edge as src/Edge builds it (this project references it, so building one builds the other).</summary>
    private static string BuiltEdge()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var repository = output.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, "src", "Edge", "bin", configuration, output.Name, "PrivateDomain.Realtime.Edge.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Edge first", dll);
    }

    private sealed record TokenBody(string Token);
}
