using System.Diagnostics;
using System.Globalization;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>How busy the whole machine and this load generator were across a phase (Linux /proc/stat).</summary>
public sealed class MachineUsage
{
    private (long Busy, long Total) _machineAtStart;
    private TimeSpan _generatorAtStart;
    private double _postgresAtStart;
    private long _startedAt;

    public void Start()
    {
        _machineAtStart = ReadMachine();
        _generatorAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _postgresAtStart = PostgresCpuSeconds();
        _startedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Machine CPU in percent of all cores; this generator's and PostgreSQL's CPU in percent of one core.</summary>
    public (double MachinePercent, double GeneratorPercent, double PostgresPercent) Stop()
    {
        var (busy, total) = ReadMachine();
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var generator = (Process.GetCurrentProcess().TotalProcessorTime - _generatorAtStart).TotalSeconds;
        var postgres = PostgresCpuSeconds() - _postgresAtStart;
        var machine = total == _machineAtStart.Total ? 0 : 100.0 * (busy - _machineAtStart.Busy) / (total - _machineAtStart.Total);
        return (Math.Round(machine, 1), Math.Round(100 * generator / seconds, 1), Math.Round(100 * postgres / seconds, 1));
    }

    /// <summary>
    /// CPU seconds of the PostgreSQL server processes that exist now, read from /proc (backends that ended in
    /// between are missed; the benchmarks keep their connections open, so few do).
    /// </summary>
    private static double PostgresCpuSeconds()
    {
        const double ClockTicksPerSecond = 100; // USER_HZ on Linux
        double ticks = 0;
        foreach (var directory in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (!char.IsAsciiDigit(Path.GetFileName(directory)[0]))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var nameEnd = stat.LastIndexOf(')');
                if (nameEnd < 0 || !stat.AsSpan(0, nameEnd).EndsWith("(postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after "pid (comm) ": state is field 3, utime and stime are fields 14 and 15.
                var fields = stat[(nameEnd + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended, or is not ours to read.
            }
        }

        return ticks / ClockTicksPerSecond;
    }

    private static (long Busy, long Total) ReadMachine()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }
}
