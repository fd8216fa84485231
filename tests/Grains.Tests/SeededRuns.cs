using Xunit.Sdk;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>The loop of a seeded random run: each step, then the check of what must hold after it.</summary>
internal static class SeededRuns
{
    /// <summary>Runs the steps; a failure names the seed, the step and the steps just before, so it can be read and replayed.</summary>
    public static async Task Run(int seed, int steps, Func<Task<string>> step, Func<Task> check)
    {
        var done = new List<string>();
        for (var i = 0; i < steps; i++)
        {
            try
            {
                done.Add(await step());
                await check();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new XunitException($"Seed {seed}, step {i}, after: {string.Join("; ", done.TakeLast(8))}.{Environment.NewLine}{ex.Message}", ex);
            }
        }
    }
}
