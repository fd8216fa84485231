using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.TestSupport;
using Xunit.Sdk;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>The loop of a seeded random run: each step, then the check of what must hold after it.</summary>
internal static class SeededRuns
{
    /// <summary>
    /// How soon an outbox (an order's, a member's, an in-store sale's) tries a failed delivery again
    /// (<c>Orders:EffectRetryInterval</c>): the time a run lets pass for a delivery it broke to be made.
    /// </summary>
    public static readonly TimeSpan OutboxRetry = new PrivateDomain.Realtime.Grains.Orders.OrderOptions().EffectRetryInterval;

    /// <summary>
    /// The seeds a model test runs: 1 to <paramref name="count"/>, or as many as <c>MODEL_RUNS</c> says, from
    /// <c>MODEL_RUNS_FROM</c> (1 unless set) — for a longer search on demand, e.g. <c>MODEL_RUNS=500 MODEL_RUNS_FROM=1000</c>.
    /// </summary>
    public static TheoryData<int> Seeds(int count)
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("MODEL_RUNS"), out var asked) && asked > 0 ? asked : count;
        var from = int.TryParse(Environment.GetEnvironmentVariable("MODEL_RUNS_FROM"), out var first) ? first : 1;
        return new TheoryData<int>(Enumerable.Range(from, runs));
    }

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

    /// <summary>Waits until <paramref name="condition"/> holds (what a silo finishes in the background after a step); else fails the run, saying <paramref name="otherwise"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, Func<string> otherwise)
    {
        try
        {
            await Eventually.True(condition, cancellationToken: TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new XunitException(otherwise());
        }
    }

    /// <summary>Reads again until what is read satisfies <paramref name="holds"/>, and answers it; else fails the run, naming the last one read.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> holds, Func<T, string> otherwise)
    {
        var last = default(T)!;
        await Until(async () => holds(last = await read()), () => otherwise(last));
        return last;
    }

    /// <summary>
    /// Moves the clock on by a little more than asked: never a whole number of seconds, so with whole-second times to live
    /// nothing is ever exactly at its time when a run looks, where "at its time" would be a matter of rounding.
    /// </summary>
    public static void LetTimePass(FakeTimeProvider clock, TimeSpan by) => clock.Advance(by + TimeSpan.FromMilliseconds(7));

    /// <summary>
    /// The call's answer, or the code it was refused with. With <paramref name="retryUnavailable"/>, an <c>unavailable</c>
    /// answer (a grain rebuilding after a failure the run asked for, or a paid order's stock still being confirmed) is
    /// asked again a moment later, as a client would (every call in these runs is idempotent). Without it, it is the answer:
    /// anywhere else <c>unavailable</c> is a write that failed by itself, and the run fails on it.
    /// </summary>
    public static async Task<(T? Answer, string? Refused)> Attempt<T>(Func<Task<T>> call, bool retryUnavailable = false)
    {
        for (var tries = 0; ; tries++)
        {
            try
            {
                return (await call(), null);
            }
            catch (DomainException ex) when (ex.Kind == ErrorKind.Unavailable && retryUnavailable && tries < 200)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
            catch (DomainException ex)
            {
                return (default, ex.Code);
            }
        }
    }
}
