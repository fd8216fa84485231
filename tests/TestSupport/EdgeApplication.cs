using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PrivateDomain.Realtime.TestSupport;

/// <summary>
/// The real Edge (embedded silo and all) on a real Kestrel port, configured for isolation: its own cluster id
/// and silo ports, no demo data and no servers unless a test asks for them.
/// </summary>
public sealed class EdgeApplication : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly ILoggerProvider? _logs;
    private readonly Action<IServiceCollection>? _services;

    /// <summary>An Edge as deployed: Production, so no development tokens, with a signing key of its own.</summary>
    public static EdgeApplication InProduction() =>
        new(new Dictionary<string, string?> { ["Auth:SigningKey"] = new string('k', 40) }, environment: "Production");

    /// <param name="settings">Settings over the isolation defaults; a null value drops the default, leaving the app's own setting.</param>
    /// <param name="port">The Kestrel port; 0 picks a free one. A fixed port lets a test start an Edge again where clients expect it.</param>
    /// <param name="logs">Also receives everything the app logs (after the configured filters).</param>
    /// <param name="services">Adds to the app's services (its co-hosted silo's too), e.g. a grain call filter that injects a fault.</param>
    public EdgeApplication(
        IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development", int port = 0, ILoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        _logs = logs;
        _services = services;
        _environment = environment;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Demo:Enabled"] = "false",
            ["Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..10],
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings:PostgreSQL"] = "",
            ["ConnectionStrings:Redis"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            [TestCalendar.TimeZoneKey] = TestCalendar.NoonTimeZone,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }

        UseKestrel(port);
    }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        if (_logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(_logs));
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
