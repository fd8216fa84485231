namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>
/// What a phase cost, measured over the same stretch: the whole machine, this load generator and PostgreSQL
/// (<see cref="MachineUsage"/>), and the server when it runs as a process of its own (<see cref="ProcessUsage"/>).
/// </summary>
public sealed class PhaseUsage
{
    private readonly MachineUsage _machine = new();
    private readonly ProcessUsage? _server;

    private PhaseUsage(ProcessUsage? server) => _server = server;

    public static PhaseUsage Start(ProcessUsage? server)
    {
        var usage = new PhaseUsage(server);
        usage._machine.Start();
        server?.Start();
        return usage;
    }

    /// <summary>Adds the phase's CPU (and the server's memory) to <paramref name="metrics"/>; returns the server's CPU seconds, if measured.</summary>
    public double? Stop(TimeSpan elapsed, Dictionary<string, double> metrics)
    {
        var (machinePercent, generatorPercent, postgresPercent) = _machine.Stop();
        var server = _server?.Stop();
        metrics["machine CPU %"] = machinePercent;
        metrics["generator CPU %"] = generatorPercent;
        metrics["postgres CPU %"] = postgresPercent;
        if (server is not var (cpu, rss))
        {
            return null;
        }

        metrics["server CPU %"] = Math.Round(cpu / elapsed.TotalSeconds * 100, 1);
        metrics["server RSS MiB"] = Math.Round(rss, 0);
        return cpu;
    }
}
