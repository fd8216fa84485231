using System.Diagnostics;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>CPU seconds and resident memory of a server process across a phase (from /proc, via <see cref="Process"/>).</summary>
public sealed class ProcessUsage(Process process)
{
    private TimeSpan _cpuAtStart;

    public void Start()
    {
        process.Refresh();
        _cpuAtStart = process.TotalProcessorTime;
    }

    /// <summary>CPU seconds used since <see cref="Start"/>, and the resident set now, in MiB.</summary>
    public (double CpuSeconds, double ResidentMiB) Stop()
    {
        process.Refresh();
        return ((process.TotalProcessorTime - _cpuAtStart).TotalSeconds, process.WorkingSet64 / 1024.0 / 1024.0);
    }
}
