using System.Diagnostics;
using System.Globalization;

namespace PrivateDomain.Realtime.TestSupport;

/// <summary>
/// A real silo in its own OS process (the built <c>src/Silo</c>), so a test can kill it without warning, the way a
/// machine dies, and start another one against the same database.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>
    /// Starts a silo. Pass the ports of a silo that died to restart it in its place: Orleans then retires the dead
    /// generation at once instead of waiting for the cluster to vote it out.
    /// </summary>
    public static SiloProcess Start(IReadOnlyDictionary<string, string?> settings, int? siloPort = null, int? gatewayPort = null)
    {
        var siloDll = SiloBuildOutput();
        var silo = siloPort ?? FreePorts.Next();
        var gateway = gatewayPort ?? FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", [siloDll])
        {
            WorkingDirectory = Path.GetDirectoryName(siloDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Orleans__SiloPort"] = silo.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment[TestCalendar.TimeZoneVariable] = TestCalendar.NoonTimeZone;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process, silo, gateway);
    }

    /// <summary>
    /// The silo as src/Silo builds it (tests build it too, as a project reference). Its own folder, not the test's:
    /// the test's folder is laid out for an ASP.NET Core app and lacks assemblies a plain host carries itself.
    /// </summary>
    private static string SiloBuildOutput()
    {
        // .../tests/<project>/bin/<configuration>/<tfm>/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, "src", "Silo", "bin", configuration, testOutput.Name, "PrivateDomain.Realtime.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The silo is not built; build the solution first.", dll);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
